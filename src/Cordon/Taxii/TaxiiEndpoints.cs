using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Cordon.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Taxii;

/// <summary>
/// A read-only TAXII 2.1 server, so that MISP, OpenCTI and other threat-intelligence tools can pull
/// what Cordon shares: discovery, one API root, collections, objects (with added_after, limit, next
/// and match[id] / match[type]), single objects and manifests, in the TAXII media type. Clients
/// authenticate with an API key (X-Api-Key or "Authorization: ApiKey …") and see only what their
/// agency may read.
/// </summary>
public static class TaxiiEndpoints
{
    public const string MediaType = "application/taxii+json;version=2.1";
    public const string Root = "/taxii2/cordon";
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>What one collection serves: its description and a page of its objects after a cursor.</summary>
    private sealed record Collection(string Id, string Title, string Description);

    /// <summary>Listed persons, organisations, vessels and aircraft of the watch lists the client's agency may see.</summary>
    public const string WatchListCollection = "1c5c8d3e-6f7a-4d0e-9a61-7e0b2a9c0001";

    /// <summary>Seizures the client's agency may read under the access policy, as STIX incidents with the Cordon seizure extension.</summary>
    public const string SeizureCollection = "1c5c8d3e-6f7a-4d0e-9a61-7e0b2a9c0002";

    private static readonly Collection[] Collections =
    [
        new(WatchListCollection, "Watch-list entries",
            "Persons, organisations, vessels and aircraft on the watch lists kept in Cordon, as STIX identities; entries a later edition removed are revoked."),
        new(SeizureCollection, "Seizures",
            "Customs seizures that sharing agreements let the client's agency read, as STIX incidents with the Cordon seizure extension, redacted as the agreement says."),
    ];

    /// <summary>When the definitions every seizure refers to count as added: before any seizure, so they come first.</summary>
    private static readonly DateTimeOffset DefinitionsAdded = new(2022, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static IEndpointRouteBuilder MapTaxiiEndpoints(this IEndpointRouteBuilder app)
    {
        var taxii = app.MapGroup("/taxii2").RequireAuthorization().WithTags("TAXII 2.1").AddEndpointFilter(async (context, next) =>
        {
            // TAXII 2.1 §1.6.8: a server answers only for the media types it supports.
            var accept = context.HttpContext.Request.Headers.Accept.ToString();
            if (accept.Length > 0 && !accept.Contains("application/taxii+json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
            {
                return Results.Text(TaxiiErrors.Message(406, "Not acceptable", $"This server answers with {MediaType}; the request accepts only {accept}.").ToJsonString(),
                    MediaType, Encoding.UTF8, StatusCodes.Status406NotAcceptable);
            }
            return await next(context);
        });
        taxii.MapGet("/", () => Taxii(new JsonObject
        {
            ["title"] = "Cordon TAXII server",
            ["description"] = "Records Cordon shares with threat-intelligence tools, under the access policy of the client's agency.",
            ["default"] = $"{Root}/",
            ["api_roots"] = new JsonArray($"{Root}/"),
        })).Describe("getTaxiiDiscovery", "TAXII 2.1 discovery: the server and its API root");
        taxii.MapGet("/cordon/", () => Taxii(new JsonObject
        {
            ["title"] = "Cordon",
            ["versions"] = new JsonArray(MediaType),
            ["max_content_length"] = 10 * 1024 * 1024,
        })).Describe("getTaxiiApiRoot", "TAXII 2.1 API root information");
        taxii.MapGet("/cordon/collections/", () => Taxii(new JsonObject { ["collections"] = new JsonArray(Collections.Select(c => (JsonNode?)Describe(c)).ToArray()) }))
            .Describe("listTaxiiCollections", "TAXII 2.1 collections: the record kinds Cordon shares as STIX 2.1, all read-only");
        taxii.MapGet("/cordon/collections/{id}/", (string id) => Taxii(Describe(Find(id))))
            .Describe("getTaxiiCollection", "One TAXII 2.1 collection");
        taxii.MapGet("/cordon/collections/{id}/objects/", async (string id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var page = await PageAsync(db, http, Find(id), null, ct);
            SetDateHeaders(http, page);
            var envelope = new JsonObject { ["more"] = page.More, ["objects"] = new JsonArray(page.Objects.Select(o => (JsonNode?)o.Object).ToArray()) };
            if (page.Next is { } next)
            {
                envelope["next"] = next;
            }
            return Taxii(envelope);
        }).Describe("listTaxiiObjects", "STIX 2.1 objects of a collection the client's agency may read under the access policy, paged in date_added order");
        taxii.MapGet("/cordon/collections/{id}/objects/{objectId}/", async (string id, string objectId, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var page = await PageAsync(db, http, Find(id), objectId, ct);
            if (page.Objects.Count == 0)
            {
                throw new NotFound($"No object {objectId} in collection {id} that you may read.");
            }
            SetDateHeaders(http, page);
            return Taxii(new JsonObject { ["more"] = false, ["objects"] = new JsonArray(page.Objects.Select(o => (JsonNode?)o.Object).ToArray()) });
        }).Describe("getTaxiiObject", "One STIX 2.1 object of a collection, if the client's agency may read it");
        // Read-only: every collection says can_write false, and TAXII answers an add with 403.
        taxii.MapPost("/cordon/collections/{id}/objects/", (string id) =>
        {
            Find(id);
            throw new Forbidden($"Collection {id} is read-only (can_write is false): Cordon does not accept objects over TAXII.");
        }).Describe("addTaxiiObjects", "Always refused with 403: every collection is read-only (can_write false)");
        taxii.MapGet("/cordon/collections/{id}/manifest/", async (string id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var page = await PageAsync(db, http, Find(id), null, ct);
            SetDateHeaders(http, page);
            var envelope = new JsonObject
            {
                ["more"] = page.More,
                ["objects"] = new JsonArray(page.Objects.Select(o => (JsonNode?)new JsonObject
                {
                    ["id"] = o.Object["id"]!.GetValue<string>(),
                    ["date_added"] = Stix.Timestamp(o.DateAdded),
                    ["version"] = (o.Object["modified"] ?? o.Object["created"])!.GetValue<string>(),
                    ["media_type"] = Stix.MediaType,
                }).ToArray()),
            };
            if (page.Next is { } next)
            {
                envelope["next"] = next;
            }
            return Taxii(envelope);
        }).Describe("getTaxiiManifest", "The manifest (id, date added, version) of a collection's objects the client may read, paged");
        return app;
    }

    private sealed record Item(JsonObject Object, DateTimeOffset DateAdded);

    private sealed record Page(IReadOnlyList<Item> Objects, bool More, string? Next);

    /// <summary>
    /// One page in date_added order. The cursor is (date_added, id) of the last object sent, so a page
    /// boundary never skips or repeats an object, even while imports add new ones (they come later).
    /// </summary>
    private static async Task<Page> PageAsync(CordonDb db, HttpContext http, Collection collection, string? objectId, CancellationToken ct)
    {
        var query = http.Request.Query;
        var actor = Actor.FromPrincipal(http.User);
        var errors = new FieldErrors();
        var limit = DefaultLimit;
        if (query["limit"].FirstOrDefault() is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            errors.Add("limit", "a positive whole number.");
        }
        limit = Math.Min(limit, MaxLimit);
        DateTimeOffset? addedAfter = null;
        if (query["added_after"].FirstOrDefault() is { } after)
        {
            if (DateTimeOffset.TryParse(after, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                addedAfter = t;
            }
            else
            {
                errors.Add("added_after", $"'{after}' is not a timestamp such as 2026-01-31T12:00:00.000Z.");
            }
        }
        (DateTimeOffset At, Guid Id)? cursor = null;
        if (query["next"].FirstOrDefault() is { } next)
        {
            cursor = ParseCursor(next);
            if (cursor is null)
            {
                errors.Add("next", "not a cursor this server gave out.");
            }
        }
        var ids = objectId is not null ? [objectId] : query["match[id]"].SelectMany(v => (v ?? "").Split(',')).Where(v => v.Length > 0).ToArray();
        var types = query["match[type]"].SelectMany(v => (v ?? "").Split(',')).Where(v => v.Length > 0).ToArray();
        errors.ThrowIfAny();

        if (collection.Id == SeizureCollection)
        {
            var settle = TimeSpan.FromMilliseconds(http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Cordon:Taxii:SettleMilliseconds", 2000));
            return await SeizurePageAsync(db, actor, RequestPurpose.Of(http), new Window(limit, addedAfter, cursor, ids, types), settle, ct);
        }
        if (collection.Id != WatchListCollection || (types.Length > 0 && !types.Contains("identity")))
        {
            return new Page([], false, null);
        }
        var entityIds = ids.Select(i => i.StartsWith("identity--", StringComparison.Ordinal) && Guid.TryParse(i[10..], out var g) ? g : Guid.Empty).ToArray();

        var own = actor.AgencyId;
        var everything = actor.IsOperator || actor.Kind == ActorKind.LocalOperator;
        var rows = from e in db.ListedEntities.AsNoTracking()
                   join l in db.WatchLists.AsNoTracking() on e.ListId equals l.Id
                   join v in db.WatchListVersions.AsNoTracking() on new { e.ListId, Number = e.RemovedInVersion ?? e.ChangedInVersion } equals new { v.ListId, v.Number }
                   join first in db.WatchListVersions.AsNoTracking() on new { e.ListId, Number = e.AddedInVersion } equals new { first.ListId, first.Number }
                   // The screening feature's rule for list entries: public (TLP:CLEAR) lists to everyone, others to their owner.
                   where everything || l.Marking == Tlp.Clear || l.OwningAgencyId == own
                   select new { Entity = e, List = l.Name, DateAdded = v.ImportedAt, Created = first.ImportedAt };
        if (entityIds.Length > 0)
        {
            rows = rows.Where(r => entityIds.Contains(r.Entity.Id));
        }
        if (addedAfter is { } a)
        {
            rows = rows.Where(r => r.DateAdded > a);
        }
        if (cursor is { } c)
        {
            rows = rows.Where(r => r.DateAdded > c.At || (r.DateAdded == c.At && r.Entity.Id > c.Id));
        }
        var found = await rows.OrderBy(r => r.DateAdded).ThenBy(r => r.Entity.Id).Take(limit + 1).ToListAsync(ct);
        var more = found.Count > limit;
        var items = found.Take(limit).Select(r => new Item(Stix.ListedParty(r.Entity, r.List, r.Created, r.DateAdded), r.DateAdded)).ToList();
        var last = found.Take(limit).LastOrDefault();
        return new Page(items, more, more && last is not null ? Cursor(last.DateAdded, last.Entity.Id) : null);
    }

    private sealed record Window(int Limit, DateTimeOffset? AddedAfter, (DateTimeOffset At, Guid Id)? Cursor, string[] Ids, string[] Types)
    {
        public bool Wants(string type, string id, DateTimeOffset added, Guid key)
            => (Types.Length == 0 || Types.Contains(type)) && (Ids.Length == 0 || Ids.Contains(id))
               && (AddedAfter is not { } a || added > a)
               && (Cursor is not { } c || added > c.At || (added == c.At && key.CompareTo(c.Id) > 0));
    }

    /// <summary>
    /// Seizures under the ONE access policy for the key's agency and the stated purpose (X-Cordon-Purpose
    /// or ?purpose=; risk-analysis when a tool cannot send either): the policy's filter chooses the rows,
    /// and each row is redacted as its agreement says before the STIX object is built from it. The TLP
    /// marking definitions, the Cordon identity and the seizure extension's definition come first.
    /// A seizure counts as added once it is <paramref name="settle"/> old, so a slow transaction that
    /// commits behind a client's cursor is not skipped.
    /// </summary>
    private static async Task<Page> SeizurePageAsync(CordonDb db, Actor actor, Purpose purpose, Window w, TimeSpan settle, CancellationToken ct)
    {
        var definitions = Enum.GetValues<Tlp>().Select(Stix.MarkingDefinition).Append(StixSeizures.CordonIdentity()).Append(StixSeizures.ExtensionDefinition())
            .Select(o => (Object: o, Key: Guid.Parse(o["id"]!.GetValue<string>().Split("--")[1])))
            .Where(d => w.Wants(d.Object["type"]!.GetValue<string>(), d.Object["id"]!.GetValue<string>(), DefinitionsAdded, d.Key))
            .OrderBy(d => d.Key).Select(d => (Item: new Item(d.Object, DefinitionsAdded), d.Key)).ToList();

        var policy = await AccessPolicy.ForAsync(db, actor, purpose, ct: ct);
        var seizures = new List<Seizure>();
        if (w.Types.Length == 0 || w.Types.Contains("incident"))
        {
            var ready = policy.Now - settle;
            var rows = policy.Filter(db.Seizures.AsNoTracking(), RecordTypes.Seizure, onward: true).Where(s => s.CreatedAt <= ready);
            if (w.Ids.Length > 0)
            {
                var wanted = w.Ids.Select(i => i.StartsWith("incident--", StringComparison.Ordinal) && Guid.TryParse(i[10..], out var g) ? g : Guid.Empty).ToArray();
                rows = rows.Where(s => wanted.Contains(s.Id));
            }
            if (w.AddedAfter is { } a)
            {
                rows = rows.Where(s => s.CreatedAt > a);
            }
            if (w.Cursor is { } c)
            {
                rows = rows.Where(s => s.CreatedAt > c.At || (s.CreatedAt == c.At && s.Id > c.Id));
            }
            seizures = await rows.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Take(w.Limit + 1).ToListAsync(ct);
        }
        var pageIds = seizures.Select(s => s.Id).ToList();
        // A seizure's version moves with its legal process: the last step's time is its "modified".
        var lastSteps = await db.LegalSteps.AsNoTracking().Where(x => pageIds.Contains(x.SeizureId))
            .GroupBy(x => x.SeizureId).Select(g => new { g.Key, Last = g.Max(x => x.At) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var decisions = new RowDecisions(policy, RecordTypes.Seizure, onward: true);

        var all = new List<(Item Item, Guid Key)>(definitions.Take(w.Limit));
        foreach (var s in seizures.TakeWhile(_ => all.Count < w.Limit))
        {
            // A feed passes records on to outside tools: onward, so no-onward-sharing records stay out.
            var decision = policy.Decide(Seizures.Ref(s), onward: true);
            if (!decision.Allowed)
            {
                continue; // The filter and the decision agree; this keeps a row out even if they ever drifted apart.
            }
            decisions.For(s.OwningAgencyId, s.Marking, s.Caveats, s.Id);
            var view = StixSeizures.Redacted(StixSeizures.View(s, codes.GetValueOrDefault(s.OwningAgencyId, "?")), decision.RedactedFields);
            var modified = lastSteps.TryGetValue(s.Id, out var last) && last > s.CreatedAt ? last : s.CreatedAt;
            all.Add((new Item(StixSeizures.Incident(s.Id, view, s.CreatedAt, modified, s.Marking), s.CreatedAt), s.Id));
        }
        var more = definitions.Count + seizures.Count > w.Limit;
        var page = all;
        await SharedReads.AuditRowsAsync(db, policy, decisions, "taxii", ct);
        var lastItem = page.LastOrDefault();
        return new Page(page.Select(p => p.Item).ToList(), more, more && page.Count > 0 ? Cursor(lastItem.Item.DateAdded, lastItem.Key) : null);
    }

    private static string Cursor(DateTimeOffset at, Guid id)
        => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (DateTimeOffset, Guid)? ParseCursor(string text)
    {
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(padded)).Split('.');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && Guid.TryParseExact(parts[1], "N", out var id)
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void SetDateHeaders(HttpContext http, Page page)
    {
        if (page.Objects.Count > 0)
        {
            http.Response.Headers["X-TAXII-Date-Added-First"] = Stix.Timestamp(page.Objects[0].DateAdded);
            http.Response.Headers["X-TAXII-Date-Added-Last"] = Stix.Timestamp(page.Objects[^1].DateAdded);
        }
    }

    private static Collection Find(string id)
        => Collections.FirstOrDefault(c => c.Id == id) ?? throw new NotFound($"No collection {id}; GET {Root}/collections/ lists them.");

    private static JsonObject Describe(Collection c) => new()
    {
        ["id"] = c.Id,
        ["title"] = c.Title,
        ["description"] = c.Description,
        ["can_read"] = true,
        ["can_write"] = false,
        ["media_types"] = new JsonArray(Stix.MediaType),
    };

    private static IResult Taxii(JsonObject body) => Results.Text(body.ToJsonString(), MediaType, Encoding.UTF8);
}
