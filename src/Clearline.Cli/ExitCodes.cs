namespace Clearline.Cli;

/// <summary>Exit codes of the data-directory tools, so scripts can tell bad input from a damaged journal.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The data directory or its <c>markets.json</c> is missing or malformed, or a range lies outside the journal.</summary>
    public const int BadInput = 2;

    /// <summary>The journal is damaged (other than a torn tail) or holds a record that is not a command.</summary>
    public const int JournalCorrupt = 3;
}
