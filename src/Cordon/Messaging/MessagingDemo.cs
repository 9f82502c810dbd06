using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Messaging;

/// <summary>
/// The demo's channel on the joint operation: the border police own it, customs and the partner abroad are members (the
/// partner under an agreement covering messages, with a Warning's vehicle withheld); a Warning from the border police and
/// the partner's Feedback on it. Idempotent.
/// </summary>
public static class MessagingDemo
{
    public const string ChannelName = "Kempen field channel";

    public static async Task<bool> SeedAsync(CordonDb db, ChannelKeys keys, DateTimeOffset now, CancellationToken ct = default)
    {
        var operation = await db.Operations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == Operations.OperationsDemo.OperationName, ct);
        if (operation is null || await db.Channels.AnyAsync(c => c.Name == ChannelName, ct))
        {
            return false;
        }
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        SharingAgreement Agreement(string title, string from, string to, RedactionRule[] redactions) => new()
        {
            Title = title, ProviderAgencyId = agencies[from], RecipientAgencyId = agencies[to], RecordTypes = [RecordTypes.Message], MaxMarking = Tlp.Amber,
            Purposes = [Purpose.RiskAnalysis, Purpose.Investigation], Redactions = [.. redactions], ValidFrom = now.AddDays(-30), ValidUntil = now.AddYears(1),
            Status = AgreementStatus.Active, ProviderApprovedAt = now.AddDays(-30), RecipientApprovedAt = now.AddDays(-30), CreatedAt = now.AddDays(-30), UpdatedAt = now.AddDays(-30),
        };
        db.SharingAgreements.AddRange(
            Agreement("Joint operation messaging (border police to partner)", "NBP", "PCA", [new RedactionRule(["warning.vehicle"], [RecordTypes.Message])]),
            Agreement("Joint operation messaging (partner to border police)", "PCA", "NBP", []));
        await db.SaveChangesAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => u.UserName == "bp.officer" || u.UserName == "pca.officer").ToDictionaryAsync(u => u.UserName, ct);
        Actor As(string name) => new(users[name].Id, users[name].AgencyId, users[name].Roles, name, ActorKind.User);
        var channel = await Channels.CreateAsync(db, As("bp.officer"), keys,
            new ChannelInput("operation", operation.Id, ChannelName, "Field coordination of the joint operation", operation.EndsAt > now ? operation.EndsAt : now.AddDays(30), "TLP:AMBER", null, ["NCA", "PCA"]), now.AddHours(-3), ct);
        var warning = await ChannelMessages.PostAsync(db, As("bp.officer"), keys, channel.Id, new MessageInput("Refrigerated trailer crossed at Baarle, heading north.",
            Warning: new WarningInput("Cigarettes hidden behind frozen vegetables", "N260 Baarle-Nassau towards Tilburg", now.AddHours(-2), "Trailer BE-QTR-418", "medium")),
            now.AddHours(-2), ct);
        await ChannelMessages.PostAsync(db, As("pca.officer"), keys, channel.Id, new MessageInput(null, warning.Id,
            Feedback: new FeedbackInput(warning.Id, "Stopped at Hazeldonk: 620,000 cigarettes found behind the load.")), now.AddHours(-1), ct);
        return true;
    }
}
