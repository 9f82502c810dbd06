using Cordon.Cases;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Cases.CaseWorld;

namespace Cordon.Tests.Cases;

public sealed class LegalProcessTests
{
    private static readonly Actor Officer = new(Guid.NewGuid(), Guid.NewGuid(), Roles.Officer, "officer", ActorKind.User);
    private static readonly Actor Supervisor = new(Guid.NewGuid(), Guid.NewGuid(), Roles.Officer | Roles.Supervisor, "supervisor", ActorKind.User);

    /// <summary>
    /// Property test: thousands of random sequences of requested steps, times, actors and goods. Whatever
    /// the sequence, an accepted step never breaks a guard, and a refused step changes nothing.
    /// </summary>
    [Fact]
    public void Guards_hold_over_random_transition_sequences()
    {
        var random = new Random(20261122);
        var actions = Enum.GetValues<LegalAction>();
        var accepted = new Dictionary<LegalState, int>();
        var early = 0;
        for (var run = 0; run < 3000; run++)
        {
            var perishable = random.Next(4) == 0;
            var hazardous = random.Next(6) == 0;
            var due = random.Next(3) == 0 ? 500m : 0m;
            var period = random.Next(1, 40);
            var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var bond = random.Next(3) switch { 0 => 0m, 1 => 300m, _ => 800m }; // none, insufficient, sufficient
            var s = new LegalSnapshot(LegalState.Seized, null, period, perishable, hazardous, due, false, null, bond);
            var appealPending = false;
            var history = new List<LegalState> { s.State };
            for (var step = 0; step < 12; step++)
            {
                now = now.AddDays(random.Next(0, 15));
                var action = actions[random.Next(actions.Length)];
                var actor = random.Next(3) == 0 ? Supervisor : Officer;
                var command = new LegalCommand(action,
                    Reason: random.Next(10) == 0 ? " " : "because",
                    Authorisation: random.Next(2) == 0 ? "rotting fruit, storage cannot cool it" : null,
                    AppealDecision: random.Next(2) == 0 ? "dismissed" : random.Next(5) == 0 ? "maybe" : "allowed",
                    Grounds: random.Next(5) == 0 ? null : "not mine",
                    PaymentReference: random.Next(5) == 0 ? null : "PAY-1",
                    DisposalMethod: random.Next(5) == 0 ? null : "incineration",
                    Witnesses: random.Next(5) == 0 ? [] : ["W. Witness"]);
                var v = LegalProcess.Decide(s, command, actor, now);
                if (!v.Allowed)
                {
                    Assert.False(string.IsNullOrWhiteSpace(v.Refusal));
                    Assert.Equal(s.State, v.To);
                    continue;
                }
                // Every accepted step has a reason (who and when are the caller's actor and clock).
                Assert.False(string.IsNullOrWhiteSpace(command.Reason));
                Assert.False(LegalProcess.IsTerminal(s.State));
                if (v.To is LegalState.Forfeited or LegalState.Destroyed && s.State != LegalState.Forfeited)
                {
                    var periodOver = s.DeliveredAt is { } d && now > d.AddDays(s.AppealPeriodDays) && !appealPending;
                    var decidedAgainst = s.AppealDecision == "dismissed";
                    Assert.NotEqual("allowed", s.AppealDecision);
                    if (!(periodOver || decidedAgainst))
                    {
                        // The only way in: perishable or hazardous goods, a supervisor, a reason.
                        Assert.True(v.Early);
                        Assert.True(s.Perishable || s.Hazardous);
                        Assert.True(actor.Has(Roles.Supervisor));
                        Assert.True(command.Authorisation?.Trim().Length >= 10);
                        early++;
                    }
                }
                if (v.To == LegalState.Destroyed)
                {
                    Assert.False(string.IsNullOrWhiteSpace(command.DisposalMethod));
                    Assert.Contains(command.Witnesses!, w => !string.IsNullOrWhiteSpace(w));
                }
                if (v.To == LegalState.Released)
                {
                    Assert.True(s.PaymentDue == 0 || s.PaymentRecorded || s.BondCover >= s.PaymentDue, "released without the payment due or a bond covering it");
                }
                if (s.State == LegalState.Forfeited)
                {
                    Assert.Equal(LegalState.Destroyed, v.To);
                }
                if (action == LegalAction.FileAppeal)
                {
                    Assert.True(now <= s.DeliveredAt!.Value.AddDays(s.AppealPeriodDays));
                    appealPending = true;
                }
                if (action == LegalAction.DecideAppeal)
                {
                    appealPending = false;
                }
                s = s with
                {
                    State = v.To,
                    DeliveredAt = action == LegalAction.RecordDelivery ? now : s.DeliveredAt,
                    PaymentRecorded = s.PaymentRecorded || action == LegalAction.RecordPayment,
                    AppealDecision = action == LegalAction.DecideAppeal ? command.AppealDecision : s.AppealDecision,
                };
                history.Add(s.State);
                accepted[v.To] = accepted.GetValueOrDefault(v.To) + 1;
            }
        }
        // The generator reaches every state, early disposals included, so the assertions were exercised.
        Assert.All(Enum.GetValues<LegalState>().Where(x => x != LegalState.Seized), st => Assert.True(accepted.GetValueOrDefault(st) > 0, $"never reached {st}"));
        Assert.True(early > 0);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task No_forfeiture_while_an_appeal_is_pending_and_every_step_records_who_when_and_why(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, supervisor) = await OfficersAsync(s);
        await using var db = s.Open();
        var seizure = await Seizures.CreateAsync(db, officer, Seizure(), Ct);
        var t0 = TestClock.Now.AddDays(-10);
        LegalRequest R(string why, DateTimeOffset? at = null, string? grounds = null, string? decision = null) => new(why, null, decision, grounds, "registered mail", null, null, null, at, null);

        var tooSoon = await Assert.ThrowsAsync<Conflict>(() => Seizures.ActAsync(db, supervisor, seizure.Id, LegalAction.Forfeit, R("forfeit now"), Ct));
        Assert.Contains("appeal period has not even begun", tooSoon.Message, StringComparison.Ordinal);
        await Seizures.ActAsync(db, officer, seizure.Id, LegalAction.IssueNotice, R("notice", t0), Ct);
        await Seizures.ActAsync(db, officer, seizure.Id, LegalAction.RecordDelivery, R("delivered", t0.AddDays(1)), Ct);
        var inPeriod = await Assert.ThrowsAsync<Conflict>(() => Seizures.ActAsync(db, supervisor, seizure.Id, LegalAction.Forfeit, R("forfeit"), Ct));
        Assert.Contains("appeal period runs until", inPeriod.Message, StringComparison.Ordinal);
        await Seizures.ActAsync(db, officer, seizure.Id, LegalAction.FileAppeal, R("appeal received", t0.AddDays(2), grounds: "not my goods"), Ct);
        var pending = await Assert.ThrowsAsync<Conflict>(() => Seizures.ActAsync(db, supervisor, seizure.Id, LegalAction.Destroy,
            new LegalRequest("destroy", "it is urgent, trust me", null, null, null, null, "incineration", ["W"], null, null), Ct));
        Assert.Contains("an appeal is pending", pending.Message, StringComparison.Ordinal);
        var noReason = await Assert.ThrowsAsync<Conflict>(() => Seizures.ActAsync(db, officer, seizure.Id, LegalAction.DecideAppeal, R(" ", decision: "dismissed"), Ct));
        Assert.Contains("reason", noReason.Message, StringComparison.Ordinal);
        await Seizures.ActAsync(db, supervisor, seizure.Id, LegalAction.DecideAppeal, R("knowledge not required", decision: "dismissed"), Ct);
        var done = await Seizures.ActAsync(db, supervisor, seizure.Id, LegalAction.Forfeit, R("forfeited to the State"), Ct);
        Assert.Equal("forfeited", done.Legal.State);
        Assert.Equal(["issue-notice", "record-delivery", "file-appeal", "decide-appeal", "forfeit"], done.LegalSteps.Select(x => x.Action));
        Assert.All(done.LegalSteps, x => Assert.False(string.IsNullOrWhiteSpace(x.By) || string.IsNullOrWhiteSpace(x.Reason)));
        Assert.Equal(t0.AddDays(1).AddDays(30).ToUnixTimeSeconds(), done.Legal.AppealDeadline!.Value.ToUnixTimeSeconds());
        await using var fresh = s.Open();
        Assert.Equal(5, await fresh.LegalSteps.CountAsync(x => x.SeizureId == seizure.Id, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Release_pending_appeal_only_against_a_bond_covering_duties_and_penalties_and_forfeiture_calls_it(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, supervisor) = await OfficersAsync(s);
        await using var db = s.Open();
        var first = await Seizures.CreateAsync(db, officer, Seizure(paymentDue: 1_000m), Ct);
        var penalty = await Bonds.AssessPenaltyAsync(db, officer, first.Id, new PenaltyRequest("Fresh Fruit Import B.V.", 500m, "Customs Act art. 10:4"), Ct);
        Assert.Equal(500m, penalty.Amount);
        var small = await Bonds.LodgeAsync(db, officer, first.Id, new BondRequest("Fresh Fruit Import B.V.", "Rabobank guarantee 77-1", 1_200m, "EUR", TestClock.Now.AddMonths(6)), Ct);
        Assert.False(small.CoversPaymentDue); // 1,200 < 1,000 duties + 500 penalty
        var release = new LegalRequest("release pending appeal", null, null, null, null, null, null, null, null, null);
        var refused = await Assert.ThrowsAsync<Conflict>(() => Seizures.ActAsync(db, officer, first.Id, LegalAction.Release, release, Ct));
        Assert.Contains("does not cover it", refused.Message, StringComparison.Ordinal);
        var expired = await Assert.ThrowsAsync<ValidationFailed>(() => Bonds.LodgeAsync(db, officer, first.Id, new BondRequest("x", "y", 5_000m, "EUR", TestClock.Now.AddDays(-1)), Ct));
        Assert.Contains("validUntil", expired.Errors.Keys);
        var enough = await Bonds.LodgeAsync(db, officer, first.Id, new BondRequest("Fresh Fruit Import B.V.", "Rabobank guarantee 77-2", 1_500m, "EUR", TestClock.Now.AddMonths(6)), Ct);
        Assert.True(enough.CoversPaymentDue);
        var released = await Seizures.ActAsync(db, officer, first.Id, LegalAction.Release, release, Ct);
        Assert.Equal("released", released.Legal.State);
        Assert.All(released.Bonds, b => Assert.Equal("active", b.Status)); // still securing the appeal

        // Forfeiture calls the bonds.
        var second = await Seizures.CreateAsync(db, officer, Seizure(paymentDue: 100m), Ct);
        await Bonds.LodgeAsync(db, officer, second.Id, new BondRequest("T", "S", 100m, "EUR", TestClock.Now.AddMonths(1)), Ct);
        var at = TestClock.Now.AddDays(-40);
        await Seizures.ActAsync(db, officer, second.Id, LegalAction.IssueNotice, release with { Reason = "notice", At = at }, Ct);
        await Seizures.ActAsync(db, officer, second.Id, LegalAction.RecordDelivery, release with { Reason = "delivered", At = at.AddDays(1) }, Ct);
        var forfeited = await Seizures.ActAsync(db, supervisor, second.Id, LegalAction.Forfeit, release with { Reason = "no appeal within the period" }, Ct);
        Assert.Equal("called", Assert.Single(forfeited.Bonds).Status);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Perishable_goods_go_early_only_with_a_supervisors_reason_and_release_needs_the_payment_due(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, supervisor) = await OfficersAsync(s);
        await using var db = s.Open();
        var fruit = await Seizures.CreateAsync(db, officer, Seizure(perishable: true), Ct);
        var destroy = new LegalRequest("rotting", null, null, null, null, null, "composting", ["W. Witness"], null, null);
        var byOfficer = await Assert.ThrowsAsync<Conflict>(() => Seizures.ActAsync(db, officer, fruit.Id, LegalAction.Destroy, destroy, Ct));
        Assert.Contains("a supervisor may authorise it", byOfficer.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Conflict>(() => Seizures.ActAsync(db, supervisor, fruit.Id, LegalAction.Destroy, destroy, Ct));
        var policy = await Cordon.Sharing.AccessPolicy.ForAsync(db, supervisor, Cordon.Sharing.Purpose.Investigation, ct: Ct);
        Assert.Equal(fruit.Reference, Assert.Single(await Deadlines.AwaitingSupervisorAsync(db, policy, TestClock.Now, Ct)).Reference);
        var early = await Seizures.ActAsync(db, supervisor, fruit.Id, LegalAction.Destroy, destroy with { Authorisation = "Cooling failed; the fruit is rotting" }, Ct);
        Assert.Empty(await Deadlines.AwaitingSupervisorAsync(db, policy, TestClock.Now, Ct));
        Assert.Equal("destroyed", early.Legal.State);
        Assert.Equal("supervisor", early.LegalSteps.Single().AuthorisedBy);
        Assert.Contains("Cooling failed", early.LegalSteps.Single().Reason, StringComparison.Ordinal);

        var owed = await Seizures.CreateAsync(db, officer, Seizure(paymentDue: 1_200m), Ct);
        var unpaid = await Assert.ThrowsAsync<Conflict>(() => Seizures.ActAsync(db, officer, owed.Id, LegalAction.Release, new LegalRequest("release", null, null, null, null, null, null, null, null, null), Ct));
        Assert.Contains("1200.00 is due", unpaid.Message, StringComparison.Ordinal);
        await Seizures.ActAsync(db, officer, owed.Id, LegalAction.RecordPayment, new LegalRequest("paid at the counter", null, null, null, null, "PAY-2026-9", null, null, null, null), Ct);
        var released = await Seizures.ActAsync(db, officer, owed.Id, LegalAction.Release, new LegalRequest("duties and penalty paid", null, null, null, null, null, null, null, null, null), Ct);
        Assert.Equal("released", released.Legal.State);
        Assert.Equal("PAY-2026-9", released.Legal.PaymentReference);
    }
}
