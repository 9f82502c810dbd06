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
                : TypedResults.NotFound("No checkpoint yet: POST /api/audit/checkpoint makes one."));

        api.MapPost("/checkpoint", async (CordonDb db, AuditSigner signer, CancellationToken ct)
            => TypedResults.Ok(CheckpointView.Of(await AuditCheckpoints.MakeAsync(db, signer, ct))));

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
        });

        api.MapGet("/proof/consistency", async (long? from, long? to, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AuditTree.PublishedConsistencyAsync(db, from, to, ct)));

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
            }, ct)));

        api.MapGet("/key", (AuditSigner signer) => TypedResults.Ok(new KeyView(
            signer.Origin, "Ed25519", signer.Verifier.KeyIdHex, Convert.ToBase64String(signer.Verifier.PublicKey), signer.Verifier.ToString())));

        api.MapGet("/verification", (AuditVerification verification) => TypedResults.Ok(verification.Status));
        api.MapPost("/verification", (AuditVerification verification) => TypedResults.Accepted("/api/audit/verification", verification.Start()));

        return app;
    }
}
