using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Clearline.Bench.Crash;

/// <summary>How to start <c>clearline</c>: the .NET host and the path of <c>clearline.dll</c>.</summary>
public sealed record ChildLauncher(string Host, string Assembly)
{
    /// <summary>Runs <paramref name="assembly"/> with the host running this process, else the SDK's, else <c>dotnet</c> from the path.</summary>
    public static ChildLauncher ForAssembly(string assembly)
    {
        var current = Environment.ProcessPath;
        var host = current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet"
            ? current
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return new ChildLauncher(host, assembly);
    }
}

/// <summary>What the child printed: its starting point, the acknowledgements in order, and its end if it got there.</summary>
public sealed record ChildReport(long? ReadySequence, string? ReadyHash, IReadOnlyList<(long Tag, long Sequence)> Acks, long? DoneSequence, string? DoneHash, IReadOnlyList<string> Unexpected);

/// <summary>
/// One running crash-test child: its standard output read on a thread of its own (so the pipe never fills
/// and stalls the child), standard error kept for failure messages. Disposing kills the child if it still
/// runs and reaps it, so no child outlives its harness, whatever went wrong.
/// </summary>
internal sealed class CrashChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Thread _reader;
    private readonly ManualResetEventSlim _ready = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(long, long)> _acks = [];
    private readonly List<string> _unexpected = [];
    private long? _readySequence;
    private string? _readyHash;
    private long? _doneSequence;
    private string? _doneHash;

    private CrashChildProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reader = new Thread(Read) { Name = "crash-harness-stdout", IsBackground = true };
        _reader.Start();
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString().Trim();
            }
        }
    }

    public static CrashChildProcess Start(ChildLauncher launcher, string data, ulong seed, int commands)
    {
        var start = new ProcessStartInfo(launcher.Host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { launcher.Assembly, "bench", "crash-child", "--data", data, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--commands", commands.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return new CrashChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {launcher.Host}"));
    }

    /// <summary>Waits for the <c>ready</c> line; false when the child ended or the time ran out first.</summary>
    public bool WaitForReady(TimeSpan timeout) => _ready.Wait(timeout) && _readySequence is not null;

    /// <summary>SIGKILLs the child and waits for it; returns its exit code (128 + 9 when the kill took it, 0 when it had already finished).</summary>
    public int Kill()
    {
        _process.Kill(entireProcessTree: true);
        return WaitForExit();
    }

    /// <summary>Waits at most <paramref name="milliseconds"/> for the child to end by itself.</summary>
    public void WaitForExit(int milliseconds) => _process.WaitForExit(milliseconds);

    /// <summary>Waits until the child exits and everything it printed has been read.</summary>
    private int WaitForExit()
    {
        _process.WaitForExit();
        _reader.Join();
        return _process.ExitCode;
    }

    /// <summary>What the child printed; call after it exited.</summary>
    public ChildReport Report() => new(_readySequence, _readyHash, _acks, _doneSequence, _doneHash, _unexpected);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            WaitForExit();
        }
        finally
        {
            _process.Dispose();
            _ready.Dispose();
        }
    }

    /// <summary>
    /// Parses complete lines only: a kill can cut the last line short (<c>ack 1687</c> for <c>ack 168700 537520</c>),
    /// and <see cref="TextReader.ReadLine"/> would return that fragment as a line.
    /// </summary>
    private void Read()
    {
        try
        {
            var buffer = new char[1 << 16];
            var line = new StringBuilder();
            int read;
            while ((read = _process.StandardOutput.Read(buffer)) > 0)
            {
                var text = buffer.AsSpan(0, read);
                for (var end = text.IndexOf('\n'); end >= 0; end = text.IndexOf('\n'))
                {
                    Parse(line.Append(text[..end]).ToString());
                    line.Clear();
                    text = text[(end + 1)..];
                }

                line.Append(text);
            }
        }
        finally
        {
            _ready.Set();
        }
    }

    private void Parse(string line)
    {
        var parts = line.Split(' ');
        if (parts is ["ack", var tag, var sequence] && long.TryParse(tag, CultureInfo.InvariantCulture, out var t) && long.TryParse(sequence, CultureInfo.InvariantCulture, out var s))
        {
            _acks.Add((t, s));
        }
        else if (parts is ["ready", var readySequence, var readyHash] && long.TryParse(readySequence, CultureInfo.InvariantCulture, out var r))
        {
            (_readySequence, _readyHash) = (r, readyHash);
            _ready.Set();
        }
        else if (parts is ["done", var doneSequence, var doneHash] && long.TryParse(doneSequence, CultureInfo.InvariantCulture, out var d))
        {
            (_doneSequence, _doneHash) = (d, doneHash);
        }
        else
        {
            _unexpected.Add(line);
        }
    }
}
