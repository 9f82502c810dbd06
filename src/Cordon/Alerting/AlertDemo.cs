using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Alerting;

/// <summary>
/// The demo's alert set-up: NCA shares seizures and their alerts with the border police (NBP) for risk
/// analysis and investigation, and NBP subscribes its officers to seizure alerts — so a seizure a
/// customs officer records shows up live in bp.officer's alert badge. NCA's analyst watches for large
/// cigarette seizures with an alert condition.
/// </summary>
public static class AlertDemo
{
    public const string AgreementTitle = "NCA seizure alerts for NBP";

    public const string ConditionName = "Large cigarette seizure";

    public static async Task SeedAsync(StorageSetup.StoreSettings store, TimeProvider clock, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = StorageSetup.Open(store, clock);
        if (!await db.AlertConditions.AnyAsync(c => c.Name == ConditionName, ct))
        {
            // An analyst's condition: the demo's cigarette seizure (recorded next) raises a custom alert for NCA.
            await AlertConditions.CreateAsync(db, await ActorAsync(db, "analyst", ct),
                new ConditionInput(ConditionName, AlertKinds.Seizure, null, "cigarettes", 10_000, "pieces", null, null, "high", null), ct);
        }
        if (await db.SharingAgreements.AnyAsync(a => a.Title == AgreementTitle, ct))
        {
            return;
        }
        var ncaAdmin = await ActorAsync(db, "admin", ct);
        var bpAdmin = await ActorAsync(db, "bp.admin", ct);
        var proposed = await Agreements.ProposeAsync(db, ncaAdmin, new AgreementTerms(AgreementTitle, "NCA", "NBP", [RecordTypes.Seizure, RecordTypes.Alert], "TLP:AMBER",
            ["risk-analysis", "investigation"], [], false, now.AddDays(-1), now.AddYears(1)), now, ct);
        await Agreements.ApproveAsync(db, bpAdmin, proposed.Id, now, ct);
        await AlertSubscriptions.CreateAsync(db, bpAdmin,
            new SubscriptionInput("Customs seizures", [AlertKinds.Seizure], null, null, "TLP:AMBER", "investigation", "ui", null, AgencyWide: true), ct);
    }

    private static async Task<Actor> ActorAsync(CordonDb db, string userName, CancellationToken ct)
    {
        var u = await db.Users.AsNoTracking().FirstAsync(x => x.UserName == userName, ct);
        return new Actor(u.Id, u.AgencyId, u.Roles, u.UserName, ActorKind.User);
    }
}
