using Cordon.Cases;
using Cordon.Risk;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.TradeMessages;

/// <summary>A state of a declaration's clearance as a CUSRES says it: Cordon's state, the processing indicator (7365) and words.</summary>
public sealed record ClearanceStatus(string State, string? Indicator, string Text)
{
    /// <summary>What the lane means for the declarant. Blue (post-clearance audit) is released: the audit is not announced.</summary>
    public static ClearanceStatus ForLane(Lane lane) => lane switch
    {
        Lane.Red => new(AnswerStates.Physical, "5", "Selected for physical inspection. Present the goods."),
        Lane.Yellow => new(AnswerStates.Documentary, "6", "Selected for documentary check. Produce the documents."),
        _ => Released,
    };

    /// <summary>What an inspection's decision means for the declarant.</summary>
    public static ClearanceStatus ForDecision(InspectionDecision decision) => decision switch
    {
        InspectionDecision.Release => new(AnswerStates.Released, "4", "Released after inspection."),
        // No 7365 code says "pay first": the words do, and the release follows when the payment is recorded.
        InspectionDecision.ReleaseAfterPayment => new(AnswerStates.PaymentDue, null, "Released after payment of the duties and taxes raised by the inspection."),
        InspectionDecision.Detain => new(AnswerStates.Detained, "7", "Goods detained after inspection."),
        _ => new(AnswerStates.Seized, "7", "Goods seized after inspection."),
    };

    public static readonly ClearanceStatus Released = new(AnswerStates.Released, "4", "Released.");
}

/// <summary>
/// The later CUSRES of a declaration that came by CUSDEC: its lane and its release. Staged in the caller's change
/// tracker, so each commits with the state change it reports (the lane decision, the inspection outcome, the
/// release) or not at all; numbered after the agency's last answer, so the sender reads them in order; keyed by
/// declaration and state, so a state is answered once however often it is recorded (re-running targeting, a green
/// lane's "released" followed by the release itself). Only declarations with an accepted CUSRES in the outbox are
/// answered: the others did not come by EDIFACT and their sender has no outbox to read.
/// </summary>
public static class ClearanceAnswers
{
    public static async Task StageAsync(CordonDb db, Guid agency, IReadOnlyList<(Guid Declaration, ClearanceStatus Status)> changes, DateTimeOffset now,
        CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }
        var ids = changes.Select(c => (Guid?)c.Declaration).Distinct().ToList();
        var accepted = await db.TradeMessageOutbox.AsNoTracking()
            .Where(m => m.OwningAgencyId == agency && m.Kind == AnswerKinds.Cusres && m.State == AnswerStates.Accepted && ids.Contains(m.DeclarationId))
            .ToListAsync(ct);
        if (accepted.Count == 0)
        {
            return;
        }
        // The latest acceptance (an amendment is accepted again) says whom to answer and in which syntax.
        var latest = accepted.GroupBy(m => m.DeclarationId!.Value).ToDictionary(g => g.Key, g => g.MaxBy(m => m.Sequence)!);
        now = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var planned = new List<OutboxMessage>();
        foreach (var (declaration, status) in changes)
        {
            if (!latest.TryGetValue(declaration, out var acceptance))
            {
                continue;
            }
            var key = AnswerKeys.Of(AnswerKinds.Cusres, declaration.ToString("N"), status.State);
            if (planned.Any(p => p.AnswerKey == key))
            {
                continue;
            }
            planned.Add(new OutboxMessage
            {
                OwningAgencyId = agency,
                Kind = AnswerKinds.Cusres,
                State = status.State,
                Recipient = acceptance.Recipient,
                InterchangeReference = acceptance.InterchangeReference,
                MessageReference = acceptance.MessageReference,
                DeclarationNumber = acceptance.DeclarationNumber,
                DeclarationId = declaration,
                AnswerKey = key,
                StoredContent = CustomsResponse.WriteStatus(acceptance.Content, status, now, AnswerKeys.Reference(key)),
                CreatedAt = now,
            });
        }
        var keys = planned.Select(p => p.AnswerKey).ToList();
        var answered = (await db.TradeMessageOutbox.AsNoTracking().Where(m => m.OwningAgencyId == agency && keys.Contains(m.AnswerKey))
            .Select(m => m.AnswerKey).ToListAsync(ct)).ToHashSet();
        var staged = db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added && e.Entity.OwningAgencyId == agency).Select(e => e.Entity).ToList();
        var next = Math.Max(await db.TradeMessageOutbox.Where(m => m.OwningAgencyId == agency).MaxAsync(m => (long?)m.Sequence, ct) ?? 0,
            staged.Count == 0 ? 0 : staged.Max(m => m.Sequence)) + 1;
        foreach (var p in planned.Where(p => !answered.Contains(p.AnswerKey) && staged.All(s => s.AnswerKey != p.AnswerKey)))
        {
            p.Sequence = next++;
            db.TradeMessageOutbox.Add(p);
        }
    }
}
