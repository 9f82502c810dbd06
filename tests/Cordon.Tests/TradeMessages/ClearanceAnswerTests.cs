using Cordon.Cases;
using Cordon.Declarations;
using Cordon.Edifact;
using Cordon.Risk;
using Cordon.Risk.Lanes;
using Cordon.Screening.Hits;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Declarations;
using Cordon.Tests.Support;
using Cordon.TradeMessages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.TradeMessages;

/// <summary>After the acceptance, the declarant of a CUSDEC hears of its lane and of its release, once per state, in order.</summary>
public sealed class ClearanceAnswerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly Lodged = new(2025, 3, 14);

    private static async Task<(TestStore Store, Guid Agency)> SeededAsync(string kind)
    {
        var s = await DemoActors.SeededStoreAsync(kind);
        await using var db = s.Open();
        return (s, await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct));
    }

    private static async Task<TradeMessageReceipt> ReceiveAsync(TestStore s, Guid agency, string text, SenderStyle style)
    {
        await using var db = s.Open();
        await using var stream = CusdecSamples.Stream(text, style);
        return await TradeMessageIntake.ReceiveAsync(stream, db, TradeMessageIntake.Through(s.Settings),
            new IntakeContext(agency, "broker", "edifact:test", TestClock.Now), TestClock.Real, null, Ct);
    }

    private static async Task<List<OutboxMessage>> OutboxAsync(TestStore s, Guid agency)
    {
        await using var db = s.Open();
        return await db.TradeMessageOutbox.Where(m => m.OwningAgencyId == agency).OrderBy(m => m.Sequence).ToListAsync(Ct);
    }

    /// <summary>Screening is done for the declarations (nothing waits in the backlog); the ones named have a block-band hit, which forces red.</summary>
    internal static async Task ScreenedAsync(CordonDb db, Guid agency, params Guid[] blocked)
    {
        await db.ScreeningBacklog.ExecuteDeleteAsync(Ct);
        foreach (var id in blocked)
        {
            var number = await db.Declarations.Where(d => d.Id == id).Select(d => d.Number).SingleAsync(Ct);
            db.ScreeningHits.Add(new PartyHit
            {
                CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now,
                OwningAgencyId = agency, RecordType = RecordTypes.Declaration, RecordId = id, RecordReference = number, RecordVersion = 1,
                PartyRole = "importer", PartyName = "Holland Trading B.V.", PartyKey = "holland-trading", EntityId = Guid.NewGuid(), ListId = Guid.NewGuid(),
                ListName = "Test list", ListVersion = 1, EntrySourceId = "T-1", EntryName = "Holland Trading", MatchedName = "Holland Trading",
                EntryContentHash = "x", Score = 0.97, Band = "block", Explanation = "test",
            });
        }
        await db.SaveChangesAsync(Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_CUSDEC_targeted_red_gets_accepted_then_selected_for_physical_inspection_then_released_after_the_outcome_and_rerunning_adds_nothing(string kind)
    {
        var (s, agency) = await SeededAsync(kind);
        await using var _ = s;
        var receipt = await ReceiveAsync(s, agency, CusdecSamples.Interchange("IC0001", SenderStyle.Broker, new() { Reference = "M1", Number = "24NL0000000000001" }),
            SenderStyle.Broker);
        var declaration = receipt.Messages.Single().DeclarationId!.Value;
        var analyst = await s.ActorAsync("analyst");
        var officer = await s.ActorAsync("officer");
        await using (var db = s.Open())
        {
            await ScreenedAsync(db, agency, declaration);
            await Lanes.AssignAsync(db, analyst, agency, Lodged, Lodged, ct: Ct);
        }
        Assert.Equal(["CONTRL acknowledged", "CUSRES accepted", "CUSRES physical"], (await OutboxAsync(s, agency)).Select(m => $"{m.Kind} {m.State}"));

        await using (var db = s.Open())
        {
            // Targeting again decides nothing new, so it answers nothing new.
            var again = await Lanes.AssignAsync(db, analyst, agency, Lodged, Lodged, ct: Ct);
            Assert.Equal(0, again.Decided);
            var inspection = await db.Inspections.AsNoTracking().SingleAsync(i => i.DeclarationId == declaration, Ct);
            Assert.Equal(Lane.Red, inspection.Lane);
            await Inspections.RecordOutcomeAsync(db, officer, inspection.Id, new OutcomeRequest(null, null, "nothing irregular", false, [], 0, [], "release", null), Ct);
        }
        await using (var db = s.Open())
        {
            // The release itself says nothing the outcome did not already say.
            await Inspections.ReleaseAsync(db, officer, declaration, new ReleaseRequest(null), Ct);
        }

        var outbox = await OutboxAsync(s, agency);
        Assert.Equal(["1 CONTRL acknowledged", "2 CUSRES accepted", "3 CUSRES physical", "4 CUSRES released"], outbox.Select(m => $"{m.Sequence} {m.Kind} {m.State}"));
        var physical = outbox[2];
        Assert.Equal(("NL123456789", "IC0001", "M1", declaration), (physical.Recipient, physical.InterchangeReference, physical.MessageReference, physical.DeclarationId!.Value));
        Assert.Contains("UNB+UNOC:3+NCA+NL123456789+", physical.Content, StringComparison.Ordinal);
        Assert.Contains("BGM+929+24NL0000000000001+8'", physical.Content, StringComparison.Ordinal);
        Assert.Contains("FTX+AAI+++Selected for physical inspection. Present the goods.'", physical.Content, StringComparison.Ordinal);
        Assert.Contains("GIS+5'", physical.Content, StringComparison.Ordinal);
        Assert.Contains("RFF+ACW:M1::IC0001'", physical.Content, StringComparison.Ordinal);
        Assert.Contains($"RFF+ABT:{declaration:N}::1'", physical.Content, StringComparison.Ordinal);
        Assert.Contains("GIS+4'", outbox[3].Content, StringComparison.Ordinal);
        Assert.Contains("FTX+AAI+++Released after inspection.'", outbox[3].Content, StringComparison.Ordinal);
        foreach (var answer in outbox.Skip(2))
        {
            var reader = new EdifactReader(new StringReader(answer.Content));
            Assert.All(reader.Messages().ToList(), m => Assert.True(m.Valid, string.Join("; ", m.Errors)));
            Assert.Empty(reader.Errors);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Only_declarations_that_came_by_CUSDEC_are_answered_and_a_green_lane_is_released_at_once(string kind)
    {
        var (s, agency) = await SeededAsync(kind);
        await using var _ = s;
        var receipt = await ReceiveAsync(s, agency, CusdecSamples.Interchange("IC0002", SenderStyle.Mainframe, new() { Reference = "A1", Number = "24NL0000000000002" }),
            SenderStyle.Mainframe);
        var byEdifact = receipt.Messages.Single().DeclarationId!.Value;
        await using (var db = s.Open())
        {
            // A declaration that came by JSON on the same day: decided too, answered to nobody.
            var results = await Intake.SubmitDeclarationsAsync(s.Settings, new IntakeContext(agency, "api", "json", TestClock.Now),
                [Samples.Candidate(Samples.Declaration("24NL0000000000003"))], Ct);
            Assert.Equal(IntakeOutcome.Accepted, results.Single().Outcome);
            await ScreenedAsync(db, agency);
            var lanes = await Lanes.AssignAsync(db, await s.ActorAsync("analyst"), agency, Lodged, Lodged,
                options: new LaneOptions { DefaultRedShare = 0, DefaultYellowShare = 0, RandomRedRate = 0, RandomYellowRate = 0 }, ct: Ct);
            Assert.Equal(2, lanes.Decided);
            Assert.Equal(Lane.Green, (await db.LaneDecisions.SingleAsync(d => d.DeclarationId == byEdifact, Ct)).Lane);
        }
        var outbox = await OutboxAsync(s, agency);
        Assert.Equal(["CONTRL acknowledged", "CUSRES accepted", "CUSRES released"], outbox.Select(m => $"{m.Kind} {m.State}"));
        Assert.Equal(byEdifact, outbox[2].DeclarationId);
        // The UNOA sender is answered in UNOA: upper case.
        Assert.Contains("FTX+AAI+++RELEASED.'", outbox[2].Content, StringComparison.Ordinal);
    }
}
