using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Procedures;

/// <summary>
/// Three procedures of NCA: the container inspection procedure, approved thirteen months ago and now overdue for
/// review (its alert raised), acknowledged by the officer but not the supervisor; the joint seizure procedure with
/// the border police, shared with NBP under an agreement, in its second version (the officer read only the first);
/// and a data-handling procedure still in draft.
/// </summary>
public static class ProcedureDemo
{
    private const string AgreementTitle = "NCA procedures for the border police";

    public static async Task SeedAsync(StorageSetup.StoreSettings store, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = StorageSetup.Open(store, clock);
        if (await db.Procedures.AnyAsync(ct))
        {
            return;
        }
        var now = clock.GetUtcNow();
        var admin = await ActorAsync(db, "admin", ct);
        var supervisor = await ActorAsync(db, "supervisor", ct);
        var analyst = await ActorAsync(db, "analyst", ct);
        var officer = await ActorAsync(db, "officer", ct);
        var bpAdmin = await ActorAsync(db, "bp.admin", ct);
        var bpOfficer = await ActorAsync(db, "bp.officer", ct);

        var proposed = await Agreements.ProposeAsync(db, admin, new AgreementTerms(AgreementTitle, "NCA", "NBP", [RecordTypes.Procedure], "TLP:AMBER",
            ["investigation", "risk-analysis"], [], false, now.AddDays(-400), now.AddYears(1)), now, ct);
        await Agreements.ApproveAsync(db, bpAdmin, proposed.Id, now, ct);

        var inspection = await Procedures.CreateAsync(db, supervisor, new ProcedureInput("Physical inspection of containers", [], ["officer", "supervisor"],
            [ProcedureProcesses.Inspection], 12, "TLP:GREEN", [], """
            # Before opening
            - Check the seal numbers against the declaration and photograph the seals.
            - Two officers are present for every physical inspection.
            # Examination
            Unload at least the first and last rows and a sample from the middle. Weigh the goods where the declared mass is in doubt.
            # Recording
            Record the outcome in Cordon before the goods are released; note every irregularity and the revenue raised.
            """, "First version."), now.AddDays(-400), ct);
        await Procedures.ApproveAsync(db, admin, inspection.Id, 1, now.AddDays(-400), ct);
        await Procedures.AcknowledgeAsync(db, await PolicyAsync(db, officer, ct), inspection.Id, now.AddDays(-390), ct);

        var seizure = await Procedures.CreateAsync(db, supervisor, new ProcedureInput("Joint seizure of narcotics and chain of custody", ["NBP"], ["officer", "supervisor"],
            [ProcedureProcesses.Seizure, ProcedureProcesses.Custody], 6, "TLP:GREEN", [], """
            # Seizure
            - Stop the examination, secure the area and inform the supervisor.
            - Seal the goods in numbered evidence bags in front of a witness.
            # Custody
            Every handover is recorded in Cordon by both the giving and the receiving officer, with the seal numbers checked.
            """, "First version."), now.AddDays(-120), ct);
        await Procedures.ApproveAsync(db, supervisor, seizure.Id, 1, now.AddDays(-120), ct);
        await Procedures.AcknowledgeAsync(db, await PolicyAsync(db, officer, ct), seizure.Id, now.AddDays(-110), ct);
        await Procedures.DraftAsync(db, analyst, seizure.Id, new DraftInput("""
            # Seizure
            - Stop the examination, secure the area and inform the supervisor.
            - Seal the goods in numbered evidence bags in front of a witness.
            - Call the border police duty officer when the seizure exceeds 1 kg of narcotics.
            # Custody
            Every handover is recorded in Cordon by both the giving and the receiving officer, with the seal numbers checked.
            Samples for the laboratory are taken by two officers and sealed separately.
            """, "Border police informed of large seizures; laboratory samples."), now.AddDays(-20), ct);
        await Procedures.ApproveAsync(db, supervisor, seizure.Id, 2, now.AddDays(-15), ct);
        await Procedures.AcknowledgeAsync(db, await PolicyAsync(db, bpOfficer, ct), seizure.Id, now.AddDays(-10), ct);

        await Procedures.CreateAsync(db, analyst, new ProcedureInput("Handling partners' personal data", [], ["officer", "analyst", "supervisor"],
            [ProcedureProcesses.DataHandling], 12, "TLP:AMBER", [], """
            # Purpose
            Personal data received from a partner is used only for the purpose the agreement names.
            # Retention
            - Delete it when the case closes or the agreement ends, whichever comes first.
            """, "First draft."), now.AddDays(-3), ct);

        await ProcedureReviews.SweepAsync(db, now, ct);
    }

    private static async Task<AccessPolicy> PolicyAsync(CordonDb db, Actor actor, CancellationToken ct)
        => await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, ct: ct);

    private static async Task<Actor> ActorAsync(CordonDb db, string userName, CancellationToken ct)
    {
        var u = await db.Users.AsNoTracking().FirstAsync(x => x.UserName == userName, ct);
        return new Actor(u.Id, u.AgencyId, u.Roles, u.UserName, ActorKind.User);
    }
}
