namespace Cordon.Tests.Support;

/// <summary>The repository the tests run from: the folder holding Cordon.slnx above the test binaries.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Cordon.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cordon.slnx not found above the test binaries.");
    });

    public static string Root => RootFolder.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
