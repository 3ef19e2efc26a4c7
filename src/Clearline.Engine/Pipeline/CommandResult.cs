using Clearline.Domain.Orders;

namespace Clearline.Engine.Pipeline;

public enum CommandOutcome : byte
{
    /// <summary>Durable and processed; the book accepted it (its events tell what happened next).</summary>
    Accepted = 0,

    /// <summary>Durable and processed; the book refused it (see <see cref="CommandResult.Reason"/>) and nothing changed.</summary>
    Rejected,

    /// <summary>Not taken: the pipeline is full. Nothing was sequenced; the caller may retry later.</summary>
    Overloaded,

    /// <summary>Not taken, or taken but never made durable: the pipeline is stopped or failed.</summary>
    Unavailable,
}

/// <summary>
/// What became of a submitted command. <see cref="Sequence"/> and <see cref="Timestamp"/> are the
/// sequencer's (zero when the command was never sequenced).
/// </summary>
public readonly record struct CommandResult(long Sequence, long Timestamp, CommandOutcome Outcome, RejectReason Reason = default)
{
    public static CommandResult Overloaded => new(0, 0, CommandOutcome.Overloaded);

    public static CommandResult Unavailable => new(0, 0, CommandOutcome.Unavailable);

    /// <summary>True when the command is in the journal and was applied (accepted or rejected by the book).</summary>
    public bool IsDurable => Outcome is CommandOutcome.Accepted or CommandOutcome.Rejected;
}

/// <summary>
/// Told the result of a command once it is durable and processed, or that it never will be. Called on the
/// pipeline's publisher thread in sequence order: implementations must be quick and must not block.
/// </summary>
public interface ICommandCompletion
{
    void Complete(long tag, in CommandResult result);
}
