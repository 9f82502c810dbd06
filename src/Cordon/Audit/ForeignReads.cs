using System.Runtime.CompilerServices;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Audit;

/// <summary>
/// Every read of another agency's record lands in its owner's access review, whichever path read it: the
/// store notes each owned record of another agency that a request's context loads (lists, exports,
/// statistics, pages, streams alike), and at the end of the request one <c>records.read</c> entry per record
/// type and owner is appended with the count and the ids. Reads a feature already recorded itself (a single
/// read's <c>record.read</c>, a denial, a list's <c>records.list</c>) are not recorded twice.
/// </summary>
public sealed class ForeignReads : IMaterializationInterceptor
{
    public static readonly ForeignReads Instance = new();

    private const int MaxIds = 300;

    private sealed class Ledger
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<(string Type, Guid Owner), List<string>> Rows = [];
        public readonly HashSet<(string Type, string Id)> RecordedIds = [];
        public readonly HashSet<(string Type, Guid Owner)> RecordedLists = [];
    }

    private static readonly ConditionalWeakTable<DbContext, Ledger> Ledgers = new();

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is IOwnedRecord owned
            && materializationData.Context is CordonDb { Actor: { Kind: "user" or "api-key", AgencyId: { } reader } } db
            && owned.OwningAgencyId != reader
            && AuditedChanges.ByType.TryGetValue(entity.GetType(), out var type) && type.Kind != ChangeAuditKind.Exempt)
        {
            var key = materializationData.EntityType.FindPrimaryKey();
            var id = key is null ? "?" : string.Join('/', key.Properties.Select(p => Convert.ToString(p.GetGetter().GetClrValue(entity), System.Globalization.CultureInfo.InvariantCulture)));
            var ledger = Ledgers.GetOrCreateValue(db);
            lock (ledger.Gate)
            {
                if (!ledger.Rows.TryGetValue((type.RecordType, owned.OwningAgencyId), out var ids))
                {
                    ledger.Rows[(type.RecordType, owned.OwningAgencyId)] = ids = [];
                }
                ids.Add(id);
            }
        }
        return entity;
    }

    /// <summary>Called as the log takes a feature's own entries: reads they record need no second entry.</summary>
    internal static void Recorded(DbContext db, IEnumerable<AuditEntry> entries)
    {
        if (!Ledgers.TryGetValue(db, out var ledger))
        {
            return;
        }
        lock (ledger.Gate)
        {
            foreach (var e in entries)
            {
                if (e.RecordType is null)
                {
                    continue;
                }
                if (e.Action.StartsWith("records.", StringComparison.Ordinal) && e.RecordAgencyId is { } owner)
                {
                    ledger.RecordedLists.Add((e.RecordType, owner));
                }
                else if (e.RecordId is not null)
                {
                    ledger.RecordedIds.Add((e.RecordType, e.RecordId.ToLowerInvariant()));
                }
            }
        }
    }

    /// <summary>Appends what the context read of other agencies' records and no feature recorded; clears the ledger.</summary>
    public static async Task FlushAsync(CordonDb db, string? purpose, string path, CancellationToken ct = default)
    {
        if (!Ledgers.TryGetValue(db, out var ledger) || db.Actor is not { } actor)
        {
            return;
        }
        var events = new List<AuditEvent>();
        lock (ledger.Gate)
        {
            foreach (var ((type, owner), rows) in ledger.Rows)
            {
                if (ledger.RecordedLists.Contains((type, owner)))
                {
                    continue;
                }
                var ids = rows.Distinct(StringComparer.OrdinalIgnoreCase).Where(id => !ledger.RecordedIds.Contains((type, id.ToLowerInvariant()))).ToList();
                if (ids.Count == 0)
                {
                    continue;
                }
                events.Add(new AuditEvent(actor, "records.read")
                {
                    RecordType = type,
                    RecordId = ids.Count == 1 ? ids[0] : null,
                    RecordAgencyId = owner,
                    Purpose = purpose,
                    Details = new { rows = ids.Count, ids = ids.Count <= MaxIds ? ids : null, path = path.Length > 200 ? path[..200] : path },
                });
            }
            ledger.Rows.Clear();
            ledger.RecordedIds.Clear();
            ledger.RecordedLists.Clear();
        }
        if (events.Count > 0)
        {
            // The bulk path writes straight to the log: whatever the request left unsaved in the context stays unsaved.
            await AuditLog.AppendBatchAsync(db, events, ct);
        }
    }
}

/// <summary>The audit's part of each request.</summary>
public static class AuditScope
{
    /// <summary>
    /// Per request: the context acts for the signed-in user or API key (so the entries the store writes
    /// name them), and what it read of other agencies is recorded when the request ends.
    /// </summary>
    public static IApplicationBuilder UseCordonAuditScope(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }
        var db = http.RequestServices.GetRequiredService<CordonDb>();
        db.Actor = AuditActor.Of(Identity.Actor.FromPrincipal(http.User));
        try
        {
            await next(http);
        }
        finally
        {
            string? purpose;
            try
            {
                purpose = RequestPurpose.Of(http).Name();
            }
            catch (Common.ValidationFailed)
            {
                purpose = null;
            }
            await ForeignReads.FlushAsync(db, purpose, http.Request.Path.Value ?? "/", CancellationToken.None);
        }
    });
}
