using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Clearline.Architecture.Tests;

/// <summary>
/// One thing a type mentions: <c>{Type}::{Member} {Kind} {Target}</c>, e.g.
/// <c>Clearline.X::Apply calls System.DateTime::get_UtcNow</c>. Targets are <c>Namespace.Type::Member</c>
/// for members and <c>Namespace.Type</c> for types; nested types use <c>+</c>, generic instantiations
/// <c>List`1&lt;System.Int64&gt;</c>, generic parameters <c>!0</c> (type) and <c>!!0</c> (method).
/// </summary>
internal sealed record IlUse(string Type, string Member, string Kind, string Target)
{
    public override string ToString() => $"{Type}::{Member} {Kind} {Target}";
}

/// <summary>
/// Lists what an assembly's code uses, read from its metadata and IL with System.Reflection.Metadata (no
/// loading, no execution): every method-, field- and type-token operand of every method body, and the types
/// of fields, locals, parameters and return values. A virtual call through <c>System.Object</c> (which is how
/// C# emits <c>"x".GetHashCode()</c>) is attributed to the receiver's static type when the instruction just
/// before the call shows it (a <c>constrained.</c> prefix, or a load of a string, local, argument, field or
/// call result).
/// </summary>
internal static class IlScanner
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static List<IlUse> Scan(string assemblyPath, Func<string, bool>? includeType = null)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new TypeNames(md);
        var uses = new List<IlUse>();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var typeDef = md.GetTypeDefinition(typeHandle);
            var typeName = names.GetTypeFromDefinition(md, typeHandle, 0);
            if (includeType is not null && !includeType(typeName))
            {
                continue;
            }

            foreach (var fieldHandle in typeDef.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                uses.Add(new(typeName, md.GetString(field.Name), "has type", field.DecodeSignature(names, null)));
            }

            foreach (var methodHandle in typeDef.GetMethods())
            {
                ScanMethod(pe, md, names, typeName, md.GetMethodDefinition(methodHandle), uses);
            }
        }

        return uses;
    }

    private static void ScanMethod(PEReader pe, MetadataReader md, TypeNames names, string typeName, MethodDefinition method, List<IlUse> uses)
    {
        var methodName = md.GetString(method.Name);
        var signature = method.DecodeSignature(names, null);
        uses.Add(new(typeName, methodName, "returns", signature.ReturnType));
        uses.AddRange(signature.ParameterTypes.Select(p => new IlUse(typeName, methodName, "takes", p)));
        if (method.RelativeVirtualAddress == 0)
        {
            return; // abstract, extern or runtime-provided: no body
        }

        var body = pe.GetMethodBody(method.RelativeVirtualAddress);
        var locals = body.LocalSignature.IsNil
            ? []
            : md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null);
        uses.AddRange(locals.Select(l => new IlUse(typeName, methodName, "has a local of type", l)));
        var arguments = (method.Attributes & MethodAttributes.Static) != 0
            ? signature.ParameterTypes
            : signature.ParameterTypes.Insert(0, typeName);

        var il = body.GetILReader();
        string? pushed = null; // the static type of the value the previous instruction left on top of the stack
        while (il.RemainingBytes > 0)
        {
            var first = il.ReadByte();
            var opCode = OpCodesByValue[first == 0xFE ? (short)(0xFE00 | il.ReadByte()) : first];
            var (operand, token) = ReadOperand(ref il, opCode.OperandType);
            string? nextPushed = null;
            if (opCode.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var handle = MetadataTokens.EntityHandle(token);
                var (target, resultType) = names.Member(handle);
                if (opCode == OpCodes.Callvirt && pushed is not null && target.StartsWith("System.Object::", StringComparison.Ordinal))
                {
                    target = pushed + target["System.Object".Length..]; // attribute to the receiver's type
                }

                var kind = opCode == OpCodes.Call || opCode == OpCodes.Callvirt || opCode == OpCodes.Newobj ? "calls" : "references";
                uses.Add(new(typeName, methodName, kind, target));
                nextPushed = opCode == OpCodes.Constrained ? target : resultType; // constrained. names the receiver's type
            }
            else if (opCode == OpCodes.Ldstr)
            {
                nextPushed = "System.String";
            }
            else if (LocalOrArgument(opCode, operand) is var (isLocal, index))
            {
                var slots = isLocal ? locals : arguments;
                nextPushed = index < slots.Length ? slots[index] : null;
            }

            pushed = nextPushed;
        }
    }

    private static (int Operand, int Token) ReadOperand(ref BlobReader il, OperandType type)
    {
        switch (type)
        {
            case OperandType.InlineNone:
                return (0, 0);
            case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                return (il.ReadByte(), 0);
            case OperandType.InlineVar:
                return (il.ReadUInt16(), 0);
            case OperandType.InlineI8 or OperandType.InlineR:
                il.Offset += 8;
                return (0, 0);
            case OperandType.InlineSwitch:
                // Read the count first: `il.Offset += 4 * il.ReadInt32()` would take the offset from before the count.
                var targets = il.ReadInt32();
                il.Offset += 4 * targets;
                return (0, 0);
            default: // every other operand (branch targets, int32, float32, tokens, strings, signatures) is 4 bytes
                var value = il.ReadInt32();
                return (value, value);
        }
    }

    /// <summary>Which local or argument slot a load instruction reads, if it is one.</summary>
    private static (bool IsLocal, int Index)? LocalOrArgument(OpCode op, int operand) => op.Value switch
    {
        >= 0x06 and <= 0x09 => (true, op.Value - 0x06), // ldloc.0 - ldloc.3
        >= 0x02 and <= 0x05 => (false, op.Value - 0x02), // ldarg.0 - ldarg.3
        _ when op == OpCodes.Ldloc_S || op == OpCodes.Ldloc => (true, operand),
        _ when op == OpCodes.Ldarg_S || op == OpCodes.Ldarg => (false, operand),
        _ => null,
    };

    /// <summary>Turns metadata handles and signatures into the readable names <see cref="IlUse"/> describes.</summary>
    private sealed class TypeNames(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        /// <summary>A member's or type's name, and the type of the value reading it pushes (null for void and types).</summary>
        public (string Name, string? ResultType) Member(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                    var method = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    var returns = method.DecodeSignature(this, null).ReturnType;
                    return ($"{GetTypeFromDefinition(md, method.GetDeclaringType(), 0)}::{md.GetString(method.Name)}", NullIfVoid(returns));
                case HandleKind.FieldDefinition:
                    var field = md.GetFieldDefinition((FieldDefinitionHandle)handle);
                    return ($"{GetTypeFromDefinition(md, field.GetDeclaringType(), 0)}::{md.GetString(field.Name)}", field.DecodeSignature(this, null));
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    var resultType = member.GetKind() == MemberReferenceKind.Field
                        ? member.DecodeFieldSignature(this, null)
                        : NullIfVoid(member.DecodeMethodSignature(this, null).ReturnType);
                    var parent = member.Parent.Kind == HandleKind.MethodDefinition // a vararg call site: name the method's type
                        ? GetTypeFromDefinition(md, md.GetMethodDefinition((MethodDefinitionHandle)member.Parent).GetDeclaringType(), 0)
                        : Member(member.Parent).Name;
                    return ($"{parent}::{md.GetString(member.Name)}", resultType);
                case HandleKind.MethodSpecification:
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    var (generic, result) = Member(spec.Method);
                    return ($"{generic}<{string.Join(",", spec.DecodeSignature(this, null))}>", result);
                case HandleKind.TypeDefinition:
                    return (GetTypeFromDefinition(md, (TypeDefinitionHandle)handle, 0), null);
                case HandleKind.TypeReference:
                    return (GetTypeFromReference(md, (TypeReferenceHandle)handle, 0), null);
                case HandleKind.TypeSpecification:
                    return (GetTypeFromSpecification(md, null, (TypeSpecificationHandle)handle, 0), null);
                default:
                    return ($"<{handle.Kind}>", null);
            }
        }

        private static string? NullIfVoid(string type) => type == "System.Void" ? null : type;

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            var declaring = type.GetDeclaringType();
            return declaring.IsNil
                ? Qualified(reader.GetString(type.Namespace), reader.GetString(type.Name))
                : $"{GetTypeFromDefinition(reader, declaring, 0)}+{reader.GetString(type.Name)}";
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            return type.ResolutionScope.Kind == HandleKind.TypeReference
                ? $"{GetTypeFromReference(reader, (TypeReferenceHandle)type.ResolutionScope, 0)}+{reader.GetString(type.Name)}"
                : Qualified(reader.GetString(type.Namespace), reader.GetString(type.Name));
        }

        private static string Qualified(string ns, string name) => ns.Length == 0 ? name : $"{ns}.{name}";

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => $"System.{typeCode}";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";

        public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";

        public string GetFunctionPointerType(MethodSignature<string> signature) =>
            $"delegate*<{string.Join(",", signature.ParameterTypes.Append(signature.ReturnType))}>";
    }
}
