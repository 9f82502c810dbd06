using System.Text.Json;
using Cordon.Risk;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Screening.Hits;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary>Lane assignment reads the declarations' screening hits: a block-band hit always goes red with a referral.</summary>
public sealed class ScreeningLaneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Red_lane_with_referral_when_a_party_has_a_block_band_watch_list_hit(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var agency = await RiskTestData.ImportAsync(s, 300);
        var analyst = await s.ActorAsync("analyst");
        var day = new DateOnly(2025, 12, 15);
        Guid blocked, reviewed;
        await using (var db = s.Open())
        {
            var ids = await db.Declarations.Where(d => d.LodgedOn >= day).OrderBy(d => d.LodgedOn).ThenBy(d => d.Id).Select(d => new { d.Id, d.Number }).Take(2).ToListAsync(Ct);
            (blocked, reviewed) = (ids[0].Id, ids[1].Id);
            // Whatever intake queued for screening is treated as done here: the hits below are the screening result.
            await db.ScreeningBacklog.ExecuteDeleteAsync(Ct);
            db.ScreeningHits.Add(Hit(agency, blocked, ids[0].Number, "block", 0.97));
            db.ScreeningHits.Add(Hit(agency, reviewed, ids[1].Number, "review", 0.81));
            await db.SaveChangesAsync(Ct);
            await Lanes.AssignAsync(db, analyst, agency, day, new DateOnly(2025, 12, 31), ct: Ct);
        }
        await using (var db = s.Open())
        {
            var b = await db.LaneDecisions.AsNoTracking().SingleAsync(d => d.DeclarationId == blocked, Ct);
            Assert.Equal(Lane.Red, b.Lane);
            Assert.True(b.Forced);
            Assert.Contains("NBP", b.Referrals.Split(','));
            var e = JsonSerializer.Deserialize<LaneExplanation>(b.Explanation, RiskModels.Json)!;
            Assert.True(e.Screening.Screened);
            Assert.Equal(1, e.Screening.BlockHits);
            Assert.Equal(0.97, e.Screening.MaxScore);

            var r = JsonSerializer.Deserialize<LaneExplanation>((await db.LaneDecisions.AsNoTracking().SingleAsync(d => d.DeclarationId == reviewed, Ct)).Explanation, RiskModels.Json)!;
            Assert.Equal(0, r.Screening.BlockHits);
            Assert.Equal(1, r.Screening.ReviewHits);
            // Screened without hits: known to be clean, not unknown.
            var clean = await db.LaneDecisions.AsNoTracking().Where(d => d.DeclarationId != blocked && d.DeclarationId != reviewed).Select(d => d.Explanation).FirstAsync(Ct);
            var c = JsonSerializer.Deserialize<LaneExplanation>(clean, RiskModels.Json)!;
            Assert.True(c.Screening.Screened);
            Assert.Equal(0, c.Screening.BlockHits);
        }
    }

    private static PartyHit Hit(Guid agency, Guid declaration, string number, string band, double score) => new()
    {
        CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now,
        OwningAgencyId = agency,
        RecordType = RecordTypes.Declaration,
        RecordId = declaration,
        RecordReference = number,
        RecordVersion = 1,
        PartyRole = "importer",
        PartyName = "Test Importer",
        PartyKey = "test-importer",
        EntityId = Guid.NewGuid(),
        ListId = Guid.NewGuid(),
        ListName = "Test list",
        ListVersion = 1,
        EntrySourceId = "T-1",
        EntryName = "Test Importer",
        MatchedName = "Test Importer",
        EntryContentHash = "x",
        Score = score,
        Band = band,
        Explanation = "test",
    };
}
