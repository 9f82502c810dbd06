using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

/// <summary>
/// /api/federation: the installation's identity and its published audit checkpoints (open: they are
/// public keys and signed tree heads, as in any transparency log), the inbox (open: every batch is
/// authenticated by its signature, not by a session), and the operators' pairing API.
/// </summary>
public static class FederationEndpoints
{
    public static IEndpointRouteBuilder MapFederationEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/federation").AllowAnonymous().WithTags("Federation");

        open.MapGet("/identity", (Installation self, AuditSigner audit)
            => TypedResults.Ok(new InstallationView(self.Name, self.Signer.Verifier.ToString(), audit.Verifier.ToString())))
            .Describe("getFederationIdentity", "This installation's name and public keys (federation signing key, audit checkpoint key); anonymous");

        open.MapPost("/inbox", async (Envelope envelope, Installation self, CordonDb db, TimeProvider time, Messaging.ChannelKeys keys, CancellationToken ct)
            => TypedResults.Ok(await FederationInbox.ReceiveAsync(db, self, envelope, time.GetUtcNow(), keys, ct)))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(64L * 1024 * 1024))
            .Describe("receiveFederationBatch", "A partner installation's signed batch: applied in sequence only if its envelope verifies; the receipt says where to resume; anonymous, authenticated by signature");

        open.MapGet("/checkpoint", async (CordonDb db, AuditSigner signer, CancellationToken ct) =>
        {
            var checkpoint = await AuditCheckpoints.MakeAsync(db, signer, ct);
            return TypedResults.Ok(new PublishedCheckpoint(checkpoint.TreeSize, Convert.ToBase64String(checkpoint.RootHash), checkpoint.Note));
        }).Describe("getFederationCheckpoint", "A signed checkpoint (tree size, root hash, signed note) of the audit log, for partners to witness; anonymous");

        open.MapGet("/consistency", async (long? from, long? to, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AuditTree.PublishedConsistencyAsync(db, from, to, ct)))
            .Describe("getFederationConsistencyProof", "A consistency proof between two published sizes of the audit log; anonymous", "from, to: the two tree sizes (from ≤ to).");

        var admin = app.MapGroup("/api/federation/partners").RequireAuthorization("operator").WithTags("Federation");

        admin.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await FederationPartners.ListAsync(db, Actor.FromPrincipal(http.User), ct)))
            .Describe("listFederationPartners", "The partner installations paired with this one (operators only)");

        admin.MapPost("/", async (NewPartner request, HttpContext http, Installation self, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var view = await FederationPartners.AddAsync(db, Actor.FromPrincipal(http.User), self, request, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/federation/partners/{view.Name}", view);
        }).Describe("addFederationPartner", "Pairs a partner installation: its name, base URL, federation key and audit key (operators only; audited)");

        admin.MapPost("/{name}/agencies", async (string name, NewPartnerAgency request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await FederationPartners.AddAgencyAsync(db, Actor.FromPrincipal(http.User), name, request, ct);
            return TypedResults.Created($"/api/agencies/{view.Code}", view);
        }).Describe("addFederationPartnerAgency", "Represents an agency of a partner installation here, so agreements can name it as recipient (operators only; audited)");

        admin.MapGet("/{name}/witnesses", async (string name, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            if (!Actor.FromPrincipal(http.User).IsOperator)
            {
                throw new Forbidden("Operators only.");
            }
            var partner = await db.FederationPartners.AsNoTracking().FirstOrDefaultAsync(p => p.Name == name, ct) ?? throw new NotFound($"No partner installation '{name}'.");
            var rows = await db.FederationWitnesses.AsNoTracking().Where(w => w.PartnerId == partner.Id).OrderByDescending(w => w.Id).Take(100).ToListAsync(ct);
            return TypedResults.Ok(rows.Select(w => new WitnessView(w.TreeSize, Convert.ToBase64String(w.RootHash), w.Consistent, w.Problem, w.At)).ToList());
        }).Describe("listFederationWitnesses", "The last 100 checkpoints of a partner installation witnessed here, and whether each was consistent (operators only)");

        app.MapPost("/api/federation/agreements/{id:guid}/partner-approval", async (Guid id, PartnerApprovalRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await FederationPartners.RecordPartnerApprovalAsync(db, Actor.FromPrincipal(http.User), id, request.Reference, time.GetUtcNow(), ct)))
            .RequireAuthorization("operator").WithTags("Federation")
            .Describe("recordPartnerApproval", "An operator records a partner agency's written acceptance of an agreement naming it, with its reference (audited)");

        // The partner's proposal, accepted by our recipient agency's own admin; the consent travels back over the signed link.
        app.MapPost("/api/federation/agreements/{id:guid}/consent", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await FederationConsent.ConsentAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)))
            .RequireAuthorization().WithTags("Federation")
            .Describe("consentToPartnerAgreement", "The recipient agency's administrator accepts a partner installation's proposed agreement; the consent travels back over the signed link (audited)");

        return app;
    }
}
