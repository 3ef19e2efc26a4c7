namespace Clearline.Engine.Storage;

/// <summary>Where an engine keeps its files: <c>{root}/journal</c> for the command journal, <c>{root}/snapshots</c> for state snapshots.</summary>
public sealed record DataDirectory(string Root)
{
    public string Journal => Path.Combine(Root, "journal");

    public string Snapshots => Path.Combine(Root, "snapshots");
}
