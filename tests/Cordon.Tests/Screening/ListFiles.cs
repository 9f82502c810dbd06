namespace Cordon.Tests.Screening;

/// <summary>The real list files under data/watchlists, found from the test binaries' folder.</summary>
internal static class ListFiles
{
    public static string Data(params string[] parts) => Support.Repository.Path(["data", .. parts]);

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
