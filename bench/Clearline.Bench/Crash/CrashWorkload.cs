using Clearline.Bench.Engine;
using Clearline.Domain;
using Clearline.Domain.Instruments;
using Clearline.Domain.Orders;
using Clearline.Engine;
using Clearline.Engine.Pipeline;
using Clearline.Sequencing.Codecs;

namespace Clearline.Bench.Crash;

/// <summary>
/// What a crash-test child submits, identical in every process for a given seed, so the harness can
/// regenerate the bytes each tag stands for. Tag t is the t-th command: first a cancel-all per account (a
/// venue restarting cancels what was left resting, so the workload meets the empty book its generator
/// modelled and stays mostly valid), then the exchange-core workload with its order ids shifted by the
/// recovered last sequence. Every accepted id is at most its own command's sequence, so shifted ids are
/// new to the recovered books.
/// </summary>
public sealed class CrashWorkload
{
    private static readonly WorkloadProfile Profile = WorkloadProfile.ExchangeCore;

    private readonly Workload _workload;

    public CrashWorkload(ulong seed, int commands) => _workload = WorkloadGenerator.Generate(Profile, commands, seed);

    public int Count => Profile.Accounts + _workload.Commands.Length;

    public IReadOnlyList<InstrumentSpec> Markets => _workload.Instruments;

    public static EngineLimits Limits => Profile.Limits;

    /// <summary>Submits command <paramref name="tag"/> once, with order ids shifted by <paramref name="idOffset"/>.</summary>
    public SubmitStatus TrySubmit(EnginePipeline pipeline, long tag, long idOffset, ICommandCompletion completion) =>
        tag < Profile.Accounts
            ? pipeline.TrySubmit(CancelAll(tag), completion, tag)
            : PipelineDriver.Submit(pipeline, Shifted(tag, idOffset), completion, tag);

    /// <summary>The <see cref="CommandCodec"/> bytes of command <paramref name="tag"/>: what the journal must hold for it.</summary>
    public int Encode(long tag, long idOffset, Span<byte> destination) =>
        tag < Profile.Accounts
            ? CommandCodec.Encode(CancelAll(tag), destination)
            : CommandMapping.Encode(Shifted(tag, idOffset), destination);

    private static CancelAllOrders CancelAll(long tag) => new(new AccountId((int)tag + 1));

    private BenchCommand Shifted(long tag, long idOffset)
    {
        var command = _workload.Commands[tag - Profile.Accounts];
        return command with { OrderId = command.OrderId + idOffset };
    }
}
