namespace Cordon.Tests.Screening;

/// <summary>The real list files under data/watchlists, found from the test binaries' folder.</summary>
internal static class ListFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cordon.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cordon.slnx not found above the test binaries.");
    });

    public static string Data(params string[] parts) => Path.Combine([Root.Value, "data", .. parts]);

    public static string Ofac => Data("watchlists", "ofac-sdn");
    public static string Un => Data("watchlists", "un", "consolidated.xml");
    public static string Ftm => Data("watchlists", "opensanctions", "sample.ftm.json");
    public static string National => Data("watchlists", "national", "sample.csv");

    /// <summary>A scratch folder, removed by the caller.</summary>
    public static string TempFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"cordon-lists-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
