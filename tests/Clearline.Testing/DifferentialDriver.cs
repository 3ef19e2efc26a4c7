using System.Globalization;
using System.Text;
using Clearline.Domain;

namespace Clearline.Testing;

/// <summary>The two books disagreed; the message says where and shows the context.</summary>
public sealed class DivergenceException : Exception
{
    public DivergenceException()
    {
    }

    public DivergenceException(string message)
        : base(message)
    {
    }

    public DivergenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Applies each command to a subject book and an oracle book and requires the same answer, the same
/// events in the same order and the same book state afterwards.
/// </summary>
public sealed class DifferentialDriver
{
    private const int ContextCommands = 12;

    private readonly List<BookCommand> _history = [];
    private readonly List<object> _subjectEvents = [];
    private readonly List<object> _oracleEvents = [];

    public DifferentialDriver(ITestBook subject, ITestBook oracle)
    {
        Subject = subject;
        Oracle = oracle;
    }

    public ITestBook Subject { get; }

    public ITestBook Oracle { get; }

    /// <summary>Commands applied to both books so far.</summary>
    public int CommandCount => _history.Count;

    /// <summary>Events seen (per book) so far.</summary>
    public long EventCount { get; private set; }

    /// <summary>When false, book state is compared only by <see cref="CompareState"/> calls, not after every command.</summary>
    public bool CompareStateEveryCommand { get; init; } = true;

    public IReadOnlyList<BookCommand> History => _history;

    /// <summary>The oracle's events for the last command (valid until the next step).</summary>
    public IReadOnlyList<object> LastEvents => _oracleEvents;

    public void Step(BookCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _history.Add(command);
        _subjectEvents.Clear();
        _oracleEvents.Clear();
        var subjectResult = Run(Subject, command, _subjectEvents);
        var oracleResult = Run(Oracle, command, _oracleEvents);
        EventCount += _oracleEvents.Count;

        // A book answers every command with events; an exception from either is a defect, even if both throw.
        if (subjectResult is Exception || oracleResult is Exception)
        {
            Fail($"a book threw: {Subject.Name}: {Describe(subjectResult)}; {Oracle.Name}: {Describe(oracleResult)}");
        }

        var count = Math.Max(_subjectEvents.Count, _oracleEvents.Count);
        for (var i = 0; i < count; i++)
        {
            var s = i < _subjectEvents.Count ? _subjectEvents[i] : null;
            var o = i < _oracleEvents.Count ? _oracleEvents[i] : null;
            if (!Equals(s, o))
            {
                Fail($"event {i} differs:\n  {Subject.Name}: {s?.ToString() ?? "(none)"}\n  {Oracle.Name}: {o?.ToString() ?? "(none)"}");
            }
        }

        if (!Equals(subjectResult, oracleResult))
        {
            Fail($"return value differs: {Subject.Name} {subjectResult}, {Oracle.Name} {oracleResult}");
        }

        if (CompareStateEveryCommand)
        {
            CompareState(command);
        }
    }

    /// <summary>Compares everything the books show: orders, levels, best prices, count and look-ups.</summary>
    public void CompareState(BookCommand? last = null)
    {
        Same("OrderCount", Subject.OrderCount, Oracle.OrderCount);
        Same("BestBid", Subject.BestBid, Oracle.BestBid);
        Same("BestAsk", Subject.BestAsk, Oracle.BestAsk);
        CompareSide(Side.Buy);
        CompareSide(Side.Sell);

        var probe = last switch
        {
            SubmitCommand c => c.Order.Id,
            AmendCommand c => c.Amend.Id,
            CancelCommand c => c.Cancel.Id,
            _ => default(OrderId?),
        };
        if (probe is { } id)
        {
            var subjectFound = Subject.TryGetOrder(id, out var subjectOrder);
            var oracleFound = Oracle.TryGetOrder(id, out var oracleOrder);
            Same("TryGetOrder(command's id) found", subjectFound, oracleFound);
            Same("TryGetOrder(command's id)", subjectOrder, oracleOrder);
        }
    }

    private void CompareSide(Side side)
    {
        var subjectOrders = Subject.GetOrders(side);
        SameSequence(side == Side.Buy ? "GetOrders(Buy)" : "GetOrders(Sell)", subjectOrders, Oracle.GetOrders(side));
        var subjectLevels = Subject.GetLevels(side);
        SameSequence(side == Side.Buy ? "GetLevels(Buy)" : "GetLevels(Sell)", subjectLevels, Oracle.GetLevels(side));

        // A depth limit takes the best levels: a prefix of the full list.
        var top = Subject.GetLevels(side, 2);
        SameSequence("GetLevels(side, 2) against the first two of GetLevels(side)", top, subjectLevels.Take(2).ToList());

        // Each listed order must also be found by id, as the same record (the lists are equal by now).
        foreach (var order in subjectOrders)
        {
            var found = Subject.TryGetOrder(order.Id, out var byId);
            Same("TryGetOrder of a listed order", (found, byId), (true, order));
        }
    }

    private static object Run(ITestBook book, BookCommand command, List<object> events)
    {
        try
        {
            return book.Apply(command, events);
        }
#pragma warning disable CA1031 // Any exception is a finding to report with context, not to crash the comparison.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    private static string Describe(object result) => result is Exception e ? $"{e.GetType().Name}: {e.Message}" : $"returned {result}";

    private void Same<T>(string what, T subject, T oracle)
    {
        if (!EqualityComparer<T>.Default.Equals(subject, oracle))
        {
            Fail($"{what} differs: {Subject.Name} {subject}, {Oracle.Name} {oracle}");
        }
    }

    private void SameSequence<T>(string what, IReadOnlyList<T> subject, IReadOnlyList<T> oracle)
    {
        var count = Math.Max(subject.Count, oracle.Count);
        for (var i = 0; i < count; i++)
        {
            if (i >= subject.Count || i >= oracle.Count || !EqualityComparer<T>.Default.Equals(subject[i], oracle[i]))
            {
                var s = i < subject.Count ? subject[i]?.ToString() : "(none)";
                var o = i < oracle.Count ? oracle[i]?.ToString() : "(none)";
                Fail($"{what}[{i}] differs ({subject.Count} vs {oracle.Count} entries):\n  {Subject.Name}: {s}\n  {Oracle.Name}: {o}");
            }
        }
    }

    private void Fail(string what)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Books diverge at command index {_history.Count - 1} ({_history[^1]}): {what}\n");
        text.Append(CultureInfo.InvariantCulture, $"{Subject.Name} events:\n");
        foreach (var e in _subjectEvents)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {e}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"{Oracle.Name} events:\n");
        foreach (var e in _oracleEvents)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {e}\n");
        }

        var from = Math.Max(0, _history.Count - ContextCommands);
        text.Append(CultureInfo.InvariantCulture, $"last {_history.Count - from} of {_history.Count} commands:\n");
        for (var i = from; i < _history.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  [{i}] {_history[i]}\n");
        }

        throw new DivergenceException(text.ToString());
    }
}
