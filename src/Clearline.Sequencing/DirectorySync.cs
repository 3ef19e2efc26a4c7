using System.Runtime.InteropServices;

namespace Clearline.Sequencing;

/// <summary>
/// Makes a directory's entries durable. A file's fsync covers its contents, not its name: after a file is
/// created, renamed or deleted, the directory itself must be fsynced or a crash can undo the change.
/// </summary>
public static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Interrupted = 4; // EINTR, the same on Linux, macOS and FreeBSD

    /// <summary>fsyncs <paramref name="directory"/>; throws <see cref="IOException"/> naming it and the errno on failure.</summary>
    /// <remarks>
    /// On Windows only the directory's existence is checked: NTFS journals its metadata, and .NET cannot
    /// open a directory handle there to flush.
    /// </remarks>
    public static void Flush(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (OperatingSystem.IsWindows())
        {
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"cannot flush directory '{directory}': it does not exist");
            }

            return;
        }

        int fd;
        while ((fd = Open(directory, ReadOnly | DirectoryFlag())) < 0)
        {
            ThrowUnlessInterrupted(directory, "open");
        }

        try
        {
            while (Fsync(fd) != 0)
            {
                ThrowUnlessInterrupted(directory, "fsync");
            }
        }
        finally
        {
            // Not retried on EINTR: Linux releases the descriptor even then, and it may already be reused.
            _ = Close(fd);
        }
    }

    /// <summary><c>O_DIRECTORY</c>, whose value differs between kernels and, on Linux, between architectures.</summary>
    private static int DirectoryFlag() =>
        OperatingSystem.IsLinux()
            ? RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Ppc64le ? 0x4000 : 0x10000
            : OperatingSystem.IsFreeBSD() ? 0x20000 : 0x100000;

    private static void ThrowUnlessInterrupted(string directory, string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno != Interrupted)
        {
            throw new IOException($"cannot flush directory '{directory}': {call} failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
