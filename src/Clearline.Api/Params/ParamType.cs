namespace Clearline.Api.Params;

/// <summary>The parameter types of Deribit's API, as its documentation names them.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "These are the JSON and Deribit type names the members stand for.")]
public enum ParamType
{
    /// <summary>A JSON string; a query value as is.</summary>
    String,

    /// <summary>A JSON number without fraction or exponent that fits 64 bits; a query value in decimal digits.</summary>
    Integer,

    /// <summary>A JSON number held exactly as a <see cref="decimal"/>; NaN and infinities do not exist.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>, in JSON or spelled so in a query.</summary>
    Boolean,

    /// <summary>A JSON array of strings; in a query, the same array written as JSON.</summary>
    StringArray,
}
