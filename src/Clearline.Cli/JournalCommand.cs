using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;
using Clearline.Engine.Storage;
using Clearline.Sequencing.Codecs;
using Clearline.Sequencing.Journal;

namespace Clearline.Cli;

/// <summary><c>clearline journal inspect</c>: the journal's records as JSON lines, read without changing a byte.</summary>
internal static class JournalCommand
{
    public static Command Create()
    {
        var dataOption = DataOption.Create();
        var fromOption = new Option<long?>("--from") { Description = "first sequence to print (default: the journal's first)", HelpName = "SEQ" };
        var toOption = new Option<long?>("--to") { Description = "last sequence to print (default: the journal's last)", HelpName = "SEQ" };
        fromOption.Validators.Add(AtLeastOne);
        toOption.Validators.Add(AtLeastOne);

        var inspect = new Command("inspect", "prints one JSON line per journal record (stdout) and a summary (stderr); a torn tail is reported, not cut")
        {
            dataOption, fromOption, toOption,
        };
        inspect.Validators.Add(result =>
        {
            if (result.GetValue(fromOption) is { } from && result.GetValue(toOption) is { } to && to < from)
            {
                result.AddError("--to must not be below --from");
            }
        });
        inspect.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var data = parse.GetValue(dataOption)!;
            return DataOption.Exists(data, error)
                ? Inspect(new DataDirectory(data.FullName).Journal, parse.GetValue(fromOption), parse.GetValue(toOption), parse.InvocationConfiguration.Output, error)
                : ExitCodes.BadInput;
        });

        return new Command("journal", "the command journal") { inspect };
    }

    private static void AtLeastOne(OptionResult result)
    {
        if (result.GetValueOrDefault<long?>() < 1)
        {
            result.AddError($"{result.Option.Name} must be a sequence (1 or more)");
        }
    }

    private static int Inspect(string journal, long? from, long? to, TextWriter output, TextWriter error)
    {
        using var lines = new JsonLineWriter(output);
        var printer = new Printer(lines, to ?? long.MaxValue);
        try
        {
            if (from is { } start)
            {
                JournalReader.Scan(journal, start, printer.Print, error, truncateTornTail: false);
            }
            else
            {
                JournalReader.Scan(journal, printer.Print, error, truncateTornTail: false);
            }
        }
        catch (StopScan)
        {
            // --to reached, or a record that does not decode (printer.Failure says which).
        }
        catch (JournalCorruptException e) when (from is not null && e.File == journal)
        {
            // The reader names the directory, not a file, only when the journal does not reach the start asked for.
            error.WriteLine($"--from {from}: {e.Reason}");
            return ExitCodes.BadInput;
        }
        catch (JournalCorruptException e)
        {
            lines.Flush();
            error.WriteLine(e.Message);
            return ExitCodes.JournalCorrupt;
        }

        lines.Flush();
        if (printer.Failure is { } failure)
        {
            error.WriteLine($"journal corrupt: {journal}: {failure}");
            return ExitCodes.JournalCorrupt;
        }

        error.WriteLine(printer.Printed == 0
            ? "no records in range"
            : $"{printer.Printed:N0} record(s), sequences {printer.First}..{printer.Last}");
        return ExitCodes.Ok;
    }

    /// <summary>Ends a scan early: the reader has no other way to be told to stop.</summary>
    private sealed class StopScan : Exception;

    private sealed class Printer(JsonLineWriter lines, long to)
    {
        public long Printed { get; private set; }

        public long? First { get; private set; }

        public long Last { get; private set; }

        public string? Failure { get; private set; }

        public void Print(long sequence, ReadOnlySpan<byte> payload)
        {
            if (sequence > to)
            {
                throw new StopScan();
            }

            if (!CommandRecord.TryRead(payload, out var timestamp, out var command))
            {
                Fail(sequence, "too short to hold a timestamp");
            }

            var record = new RecordJson(lines.Json, sequence, timestamp);
            if (!CommandCodec.TryDecode(command, ref record, out var problem))
            {
                Fail(sequence, problem);
            }

            lines.EndLine();
            Printed++;
            First ??= sequence;
            Last = sequence;
            if (sequence == to)
            {
                throw new StopScan();
            }
        }

        [DoesNotReturn]
        private void Fail(long sequence, string? problem)
        {
            Failure = $"record {sequence} is not a command: {problem}";
            throw new StopScan();
        }
    }
}
