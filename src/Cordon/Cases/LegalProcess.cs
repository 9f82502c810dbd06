using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;

namespace Cordon.Cases;

public enum LegalAction
{
    IssueNotice,
    RecordDelivery,
    FileAppeal,
    DecideAppeal,
    RecordPayment,
    Forfeit,
    Release,
    Destroy,
}

/// <summary>What the guards need to know of a seizure.</summary>
public sealed record LegalSnapshot(LegalState State, DateTimeOffset? DeliveredAt, int AppealPeriodDays, bool Perishable, bool Hazardous,
    decimal PaymentDue, bool PaymentRecorded, string? AppealDecision, decimal BondCover = 0)
{
    public DateTimeOffset? AppealDeadline => DeliveredAt?.AddDays(AppealPeriodDays);

    public static LegalSnapshot Of(Seizure s) => new(s.LegalState, s.NoticeDeliveredAt, s.AppealPeriodDays, s.Perishable, s.Hazardous, s.PaymentDue,
        s.PaymentRecordedAt is not null, s.AppealDecision);
}

/// <summary>A requested transition. <see cref="Authorisation"/> is a supervisor's reason for early disposal of perishable or hazardous goods.</summary>
public sealed record LegalCommand(LegalAction Action, string? Reason, string? Authorisation = null, string? AppealDecision = null,
    string? Grounds = null, string? DeliveryMethod = null, string? PaymentReference = null, string? DisposalMethod = null, string[]? Witnesses = null);

/// <summary>The result: the new state, or why the transition is refused.</summary>
public sealed record LegalVerdict(bool Allowed, LegalState To, string? Refusal, bool Early)
{
    public static LegalVerdict No(LegalState s, string why) => new(false, s, why, false);
}

/// <summary>
/// The legal process after a seizure as a state machine with guards. Pure (no store, no clock): the
/// same function guards the API and the property tests.
/// seized → notice issued → notice delivered → (appeal filed → appeal decided) → forfeited | released | destroyed.
/// No forfeiture or destruction while an appeal is pending or before the appeal period has run out,
/// unless the goods are perishable or hazardous and a supervisor authorises it with a reason; no
/// release without recorded payment (or a valid bond covering it) where payment is due; every transition needs a reason.
/// </summary>
public static class LegalProcess
{
    public static bool IsTerminal(LegalState s) => s is LegalState.Released or LegalState.Destroyed;

    public static LegalVerdict Decide(LegalSnapshot s, LegalCommand c, Actor actor, DateTimeOffset now)
    {
        var state = s.State;
        if (string.IsNullOrWhiteSpace(c.Reason))
        {
            return LegalVerdict.No(state, "Every step of the legal process records why: give a reason.");
        }
        if (IsTerminal(state))
        {
            return LegalVerdict.No(state, $"The process has ended: the goods were {state.Kebab()}.");
        }
        if (state == LegalState.Forfeited && c.Action != LegalAction.Destroy)
        {
            return LegalVerdict.No(state, "The goods are forfeited: only their destruction can follow.");
        }
        switch (c.Action)
        {
            case LegalAction.IssueNotice:
                return state == LegalState.Seized ? Ok(LegalState.NoticeIssued) : LegalVerdict.No(state, "The seizure notice has already been issued.");
            case LegalAction.RecordDelivery:
                return state == LegalState.NoticeIssued ? Ok(LegalState.NoticeDelivered)
                    : LegalVerdict.No(state, state == LegalState.Seized ? "Issue the notice before recording its delivery." : "The notice's delivery is already recorded.");
            case LegalAction.FileAppeal:
                if (state != LegalState.NoticeDelivered)
                {
                    return LegalVerdict.No(state, state is LegalState.Seized or LegalState.NoticeIssued
                        ? "An appeal is filed after the notice is delivered." : "An appeal has already been filed.");
                }
                if (now > s.AppealDeadline)
                {
                    return LegalVerdict.No(state, $"The appeal period ended on {StoredValues.Iso(s.AppealDeadline!.Value)}.");
                }
                return string.IsNullOrWhiteSpace(c.Grounds) ? LegalVerdict.No(state, "An appeal states its grounds.") : Ok(LegalState.AppealFiled);
            case LegalAction.DecideAppeal:
                if (state != LegalState.AppealFiled)
                {
                    return LegalVerdict.No(state, "There is no pending appeal to decide.");
                }
                return c.AppealDecision is "allowed" or "dismissed" ? Ok(LegalState.AppealDecided)
                    : LegalVerdict.No(state, "An appeal decision is 'allowed' (the goods go back) or 'dismissed' (the seizure stands).");
            case LegalAction.RecordPayment:
                if (s.PaymentRecorded)
                {
                    return LegalVerdict.No(state, "Payment is already recorded.");
                }
                return string.IsNullOrWhiteSpace(c.PaymentReference) ? LegalVerdict.No(state, "Give the payment's reference.") : Ok(state);
            case LegalAction.Release:
                if (s.PaymentDue > 0 && !s.PaymentRecorded && s.BondCover < s.PaymentDue)
                {
                    return LegalVerdict.No(state, s.BondCover > 0
                        ? $"Payment of {s.PaymentDue:0.00} is due and the bond ({s.BondCover:0.00}) does not cover it: no release against it."
                        : $"Payment of {s.PaymentDue:0.00} is due: record it (or a sufficient security bond) before release.");
                }
                return Ok(LegalState.Released);
            case LegalAction.Forfeit:
            case LegalAction.Destroy:
                return Dispose(s, c, actor, now);
            default:
                return LegalVerdict.No(state, $"Unknown action {c.Action}.");
        }

        LegalVerdict Ok(LegalState to) => new(true, to, null, false);
    }

    private static LegalVerdict Dispose(LegalSnapshot s, LegalCommand c, Actor actor, DateTimeOffset now)
    {
        var to = c.Action == LegalAction.Forfeit ? LegalState.Forfeited : LegalState.Destroyed;
        if (c.Action == LegalAction.Destroy && (string.IsNullOrWhiteSpace(c.DisposalMethod) || c.Witnesses is not { Length: > 0 } || c.Witnesses.All(string.IsNullOrWhiteSpace)))
        {
            return LegalVerdict.No(s.State, "Destruction records its method and at least one witness.");
        }
        if (s.State == LegalState.Forfeited)
        {
            return to == LegalState.Destroyed ? new(true, to, null, false) : LegalVerdict.No(s.State, "The goods are already forfeited.");
        }
        if (s.AppealDecision == "allowed")
        {
            return LegalVerdict.No(s.State, "The appeal was allowed: the goods go back to the owner.");
        }
        var blocked = s.State switch
        {
            LegalState.AppealDecided => null,
            LegalState.AppealFiled => "an appeal is pending",
            LegalState.NoticeDelivered when now > s.AppealDeadline => null,
            LegalState.NoticeDelivered => $"the appeal period runs until {StoredValues.Iso(s.AppealDeadline!.Value)}",
            _ => "the notice has not been delivered, so the appeal period has not even begun",
        };
        if (blocked is null)
        {
            return new(true, to, null, false);
        }
        var verb = to == LegalState.Forfeited ? "forfeited" : "destroyed";
        if (!(s.Perishable || s.Hazardous))
        {
            return LegalVerdict.No(s.State, $"The goods cannot be {verb}: {blocked}.");
        }
        if (!actor.Has(Roles.Supervisor))
        {
            return LegalVerdict.No(s.State, $"The goods cannot be {verb} yet ({blocked}); as they are {(s.Perishable ? "perishable" : "hazardous")}, a supervisor may authorise it.");
        }
        if (string.IsNullOrWhiteSpace(c.Authorisation) || c.Authorisation.Trim().Length < 10)
        {
            return LegalVerdict.No(s.State, $"Early disposal ({blocked}) needs the supervisor's authorisation with a reason of at least 10 characters.");
        }
        return new(true, to, null, true);
    }
}
