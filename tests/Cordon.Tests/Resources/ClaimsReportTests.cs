using System.Text.Json;
using Cordon.Common;
using Cordon.Resources;
using Cordon.Tests.Support;

namespace Cordon.Tests.Resources;

public sealed class ClaimsReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Long before the demo's own claims and policies (seeded at today's date).
    private static readonly DateTimeOffset Now = new(2024, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(int month, int day) => new(2024, month, day);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Losses_and_claims_by_month_kind_and_cause_with_the_cover_gaps_come_out_as_computed_by_hand(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var bp = await s.ActorAsync("bp.officer");
        await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-RIB-41", "Patrol boat 41", "vessel", "RIB-41"), Now, Ct);
        await AssetRegister.RegisterAsync(db, bp, new AssetInput("NBP-CAM-41", "Quay camera 41", "camera", "CAM-41"), Now, Ct);
        // The boat is insured against damage only; the camera not at all.
        await Insurance.AddPolicyAsync(db, bp, new PolicyInput("Zeeland Marine Mutual", "ZMM-41", ["NBP-RIB-41"], ["damage"], 100_000m, 1_000m, "EUR",
            new DateOnly(2023, 6, 1), Day(5, 31)), Now, Ct);

        var hull = await Claims.OpenAsync(db, bp, new ClaimInput("NBP-RIB-41", "damage", 10_000m, "Hull holed on a pier", Day(1, 10)), Now, Ct);
        await Claims.ChangeAsync(db, bp, hull.Id, new ClaimChange("assessed", null), Now, Ct);
        await Claims.ChangeAsync(db, bp, hull.Id, new ClaimChange("settled", 8_000m), Now, Ct);
        await Claims.OpenAsync(db, bp, new ClaimInput("NBP-CAM-41", "theft", 2_500m, "Camera stolen from the quay", Day(1, 20)), Now, Ct);
        var lost = await Claims.OpenAsync(db, bp, new ClaimInput("NBP-RIB-41", "loss", 40_000m, "Engine lost overboard", Day(2, 5)), Now, Ct);
        await Claims.ChangeAsync(db, bp, lost.Id, new ClaimChange("refused", null), Now, Ct);
        await Claims.OpenAsync(db, bp, new ClaimInput(null, "third-party-liability", 1_200m, "A moored yacht scratched during a boarding", Day(2, 14)), Now, Ct);
        // Before the period: not counted.
        await Claims.OpenAsync(db, bp, new ClaimInput("NBP-CAM-41", "damage", 999m, "Lens cracked", new DateOnly(2023, 12, 30)), Now, Ct);

        var r = await Claims.ReportAsync(db, bp, Day(1, 1), Day(2, 29), Now, Ct);
        // Open: the camera theft (notified) and the liability claim; without cover: the theft, the loss (damage only insured) and the liability claim.
        Assert.Equal([new ClaimFigures("all", "EUR", 4, 2, 3, 53_700m, 8_000m)], r.Totals);
        Assert.Equal([new ClaimFigures("2024-01", "EUR", 2, 1, 1, 12_500m, 8_000m), new ClaimFigures("2024-02", "EUR", 2, 1, 2, 41_200m, 0m)], r.ByMonth);
        Assert.Equal([new ClaimFigures("camera", "EUR", 1, 1, 1, 2_500m, 0m), new ClaimFigures("none", "EUR", 1, 1, 1, 1_200m, 0m),
            new ClaimFigures("vessel", "EUR", 2, 0, 1, 50_000m, 8_000m)], r.ByKind);
        Assert.Equal([new ClaimFigures("damage", "EUR", 1, 0, 0, 10_000m, 8_000m), new ClaimFigures("loss", "EUR", 1, 0, 1, 40_000m, 0m),
            new ClaimFigures("theft", "EUR", 1, 1, 1, 2_500m, 0m), new ClaimFigures("third-party-liability", "EUR", 1, 1, 1, 1_200m, 0m)], r.ByCause);
        // Cover gaps on the period's last day: the camera, not the boat.
        Assert.Equal(Day(2, 29), r.CoverOn);
        Assert.Equal(["NBP-CAM-41"], r.CoverGaps.Select(g => g.Code).Where(c => c.EndsWith("41", StringComparison.Ordinal)).ToArray());

        // A period that ends before it starts is refused naming the field.
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => Claims.ReportAsync(db, bp, Day(3, 1), Day(2, 1), Now, Ct));
        Assert.Contains("from", refused.Errors.Keys);

        // The CLI prints the same figures.
        var (exit, output, _) = await CliRun.RunAsync(s.Settings, ["claims", "report", "--agency", "NBP", "--from", "2024-01-01", "--to", "2024-02-29", "--json"]);
        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        var total = json.GetProperty("totals")[0];
        Assert.Equal((4, 2, 53_700m, 8_000m), (total.GetProperty("claims").GetInt32(), total.GetProperty("open").GetInt32(), total.GetProperty("estimatedLoss").GetDecimal(),
            total.GetProperty("paid").GetDecimal()));
        Assert.Equal(3, json.GetProperty("byKind").GetArrayLength());
    }
}
