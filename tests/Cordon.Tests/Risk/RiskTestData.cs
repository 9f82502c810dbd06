using System.Text;
using Cordon.Declarations;
using Cordon.Demo;
using Cordon.Risk;
using Cordon.Risk.Features;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary>Generated declarations with outcomes, imported into a demo-seeded store for the customs agency (NCA).</summary>
internal static class RiskTestData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Guid> ImportAsync(TestStore s, int count, int seed = 11)
    {
        Guid agency;
        await using (var db = s.Open())
        {
            agency = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
        }
        var text = new StringWriter();
        new DeclarationGenerator(count, seed, amendments: false).Write(text, FileFormat.Csv);
        var result = await FileImport.DeclarationsAsync(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), FileFormat.Csv, s.Settings,
            new IntakeContext(agency, "tester", "generated.csv", TestClock.Now), null, Ct);
        Assert.Equal(0, result.Summary.Rejected);
        return agency;
    }

    /// <summary>Every declaration's computed features (declaration and items), in one pass, by declaration id.</summary>
    public static async Task<Dictionary<Guid, string>> FeaturesAsync(TestStore s, DateOnly? outcomesKnownBefore = null)
    {
        await using var db = s.Open();
        var history = new FeatureHistory(outcomesKnownBefore);
        var features = new Dictionary<Guid, string>();
        await foreach (var chunk in RiskData.ChunksAsync(db, ct: Ct))
        {
            history.Run(chunk, row => features[row.Id] = Describe(row.Facts));
        }
        return features;
    }

    public static string Describe(DeclarationFacts f)
        => string.Join(";", f.Features.Known().Select(k => $"{k.Key}={k.Value:R}"))
           + "|" + string.Join("|", f.Items.Select(i => string.Join(";", i.Features.Known().Select(k => $"{k.Key}={k.Value:R}"))));
}
