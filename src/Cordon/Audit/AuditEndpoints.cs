using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Audit;

public static class AuditEndpoints
{
    public sealed record InclusionView(long Index, long TreeSize, string LeafHash, string[] Proof);
    public sealed record KeyView(string Origin, string Algorithm, string KeyId, string PublicKey, string VerifierKey);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").RequireAuthorization(AuditSetup.Policy).WithTags("Audit");

        api.MapGet("/checkpoint", async Task<Results<Ok<CheckpointView>, NotFound<string>>> (CordonDb db, CancellationToken ct)
            => await AuditCheckpoints.LatestAsync(db, ct) is { } latest
                ? TypedResults.Ok(CheckpointView.Of(latest))
                : TypedResults.NotFound("No checkpoint yet: POST /api/audit/checkpoint makes one."))
            .Describe("getAuditCheckpoint", "The latest signed checkpoint of the tamper-evident audit log; 404 before the first");

        api.MapPost("/checkpoint", async (CordonDb db, AuditSigner signer, CancellationToken ct)
            => TypedResults.Ok(CheckpointView.Of(await AuditCheckpoints.MakeAsync(db, signer, ct))))
            .Describe("createAuditCheckpoint", "Signs and stores a checkpoint of the audit log as it is now");

        api.MapGet("/proof/inclusion", async (long? index, long? size, CordonDb db, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            if (index is null)
            {
                errors.Add("index", "The leaf index is required.");
            }
            if (size is null)
            {
                errors.Add("size", "The tree size is required (the size of the checkpoint to prove against).");
            }
            errors.ThrowIfAny();
            var proof = await AuditTree.InclusionAsync(db, index!.Value, size!.Value, ct);
            return TypedResults.Ok(new InclusionView(proof.Index, proof.TreeSize, Convert.ToBase64String(proof.LeafHash), proof.Proof.Select(Convert.ToBase64String).ToArray()));
        }).Describe("getAuditInclusionProof", "A Merkle proof that an audit entry is in the log at a given tree size", "index: the leaf index; size: the tree size of the checkpoint to prove against (both required).");

        api.MapGet("/proof/consistency", async (long? from, long? to, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AuditTree.PublishedConsistencyAsync(db, from, to, ct)))
            .Describe("getAuditConsistencyProof", "A Merkle proof that a smaller audit tree is a prefix of a larger one", "from, to: the two tree sizes (from ≤ to).");

        api.MapGet("/entries", async (string? actor, string? agency, string? action, string? recordType, string? recordId, string? purpose,
            string? decision, DateTimeOffset? from, DateTimeOffset? to, string? sort, bool? desc, int? page, int? pageSize,
            HttpContext http, CordonDb db, CancellationToken ct) =>
            TypedResults.Ok(await AuditSearch.SearchAsync(db, Actor.FromPrincipal(http.User), new AuditQuery
            {
                Actor = actor,
                Agency = agency,
                Action = action,
                RecordType = recordType,
                RecordId = recordId,
                Purpose = purpose,
                Decision = decision,
                From = from,
                To = to,
                Sort = sort,
                Desc = desc ?? true,
                Page = page ?? 1,
                PageSize = pageSize ?? 50,
            }, ct)))
            .Describe("searchAuditEntries", "Searches the audit log: who did what to which record, for which purpose, with what decision", "Filters: actor, agency, action, recordType, recordId, purpose, decision, from, to; sort and desc (default newest first); page and pageSize (default 50).");

        api.MapGet("/key", (AuditSigner signer) => TypedResults.Ok(new KeyView(
            signer.Origin, "Ed25519", signer.Verifier.KeyIdHex, Convert.ToBase64String(signer.Verifier.PublicKey), signer.Verifier.ToString())))
            .Describe("getAuditKey", "The public key that signs audit checkpoints (Ed25519), with its id");

        api.MapGet("/verification", (AuditVerification verification) => TypedResults.Ok(verification.Status))
            .Describe("getAuditVerification", "The state of the latest full verification of the audit log's hash chain");
        api.MapPost("/verification", (AuditVerification verification) => TypedResults.Accepted("/api/audit/verification", verification.Start()))
            .Describe("startAuditVerification", "Starts a full verification of the audit log unless one is running; 202 with its state");

        return app;
    }
}
