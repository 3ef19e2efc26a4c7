namespace Clearline.Sequencing.Tests;

/// <summary>Flushing a directory works where it exists and fails loudly, naming it, where it does not.</summary>
public sealed class DirectorySyncTests
{
    [Fact]
    public void An_existing_directory_is_flushed()
    {
        DirectorySync.Flush(Path.GetTempPath());
        DirectorySync.Flush(".");
    }

    [Fact]
    public void A_missing_directory_throws_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "clearline-missing-" + Guid.NewGuid().ToString("N"));

        var error = Assert.ThrowsAny<IOException>(() => DirectorySync.Flush(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Proves <c>O_DIRECTORY</c> has the right value here: a plain file is refused.</summary>
    [Fact]
    public void A_file_is_not_a_directory()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.ThrowsAny<IOException>(() => DirectorySync.Flush(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
