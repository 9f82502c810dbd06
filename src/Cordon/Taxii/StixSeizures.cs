using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Cases;
using Cordon.Common;
using Cordon.Sharing;

namespace Cordon.Taxii;

/// <summary>
/// The part of a seizure that Cordon shares through TAXII, named as in the seizure's API view
/// (<see cref="SeizureView"/>): the access policy's redactions (PersonalFields.Seizure and any field an
/// agreement names) apply to it by the same JSON names, before any STIX property is built from it.
/// </summary>
public sealed record SeizureStixView(Guid Id, string Reference, string OwnerAgency, string Marking, string Office, string? Place, double? Latitude, double? Longitude,
    DateTimeOffset SeizedAt, string? RouteFrom, string? RouteTo, IReadOnlyList<SeizedItem> Items, string[] SeizingOfficers, string[] Witnesses, string? Owner,
    string LegalBasis, string? ConcealmentMethod, string? DetectionMethod, string LegalState, bool Perishable, bool Hazardous, string[] DisposalWitnesses,
    string? CreatedBy);

/// <summary>
/// A seizure as a STIX 2.1 <c>incident</c> SDO (the standard object for "something happened that an
/// organisation acted on"), with its customs details in a Cordon property extension
/// (<see cref="ExtensionId"/>, defined by the <see cref="ExtensionDefinition"/> object served in the
/// same collection) rather than as a custom object type, so that tools that know nothing of customs
/// still ingest it as an incident with its TLP marking, name and description.
/// </summary>
public static class StixSeizures
{
    public const string ExtensionId = "extension-definition--5a4c1e6e-3c1d-4c6b-9d0f-8c6e2a1b7d10";
    /// <summary>The Cordon system identity that defines the extension (extension definitions need a creator).</summary>
    public const string CordonIdentityId = "identity--0b9f3a52-7c61-4f0e-8f5b-3d2c1e4a9b20";
    private const string Defined = "2026-11-01T00:00:00.000Z";

    private static readonly JsonSerializerOptions ViewJson = new(JsonSerializerDefaults.Web);

    public static JsonObject CordonIdentity() => new()
    {
        ["type"] = "identity",
        ["spec_version"] = "2.1",
        ["id"] = CordonIdentityId,
        ["created"] = Defined,
        ["modified"] = Defined,
        ["name"] = "Cordon",
        ["identity_class"] = "system",
        ["description"] = "The Cordon customs enforcement platform, which defines the seizure extension.",
    };

    public static JsonObject ExtensionDefinition() => new()
    {
        ["type"] = "extension-definition",
        ["spec_version"] = "2.1",
        ["id"] = ExtensionId,
        ["created_by_ref"] = CordonIdentityId,
        ["created"] = Defined,
        ["modified"] = Defined,
        ["name"] = "Cordon customs seizure",
        ["description"] = "Customs details of an incident that is a seizure of goods.",
        ["schema"] = "Properties (all optional; a property the sharing agreement withholds is absent and named in 'redacted'): "
                     + "reference (string), owner_agency (agency code), office (customs office code), place (string), latitude, longitude (numbers), "
                     + "seized_at (timestamp), route_from, route_to (ISO 3166 alpha-2), items (list of {description, hs_code, quantity, unit, weight_kg, "
                     + "estimated_value, currency, category}), legal_basis, concealment_method, detection_method, legal_state (string), perishable, "
                     + "hazardous (booleans), seizing_officers, witnesses, disposal_witnesses (lists of names), owner (string), redacted (list of withheld field names).",
        ["version"] = "1.0.0",
        ["extension_types"] = new JsonArray("property-extension"),
    };

    /// <summary>The redacted view: fields the decision removes are null, and "_redacted" names them.</summary>
    public static JsonObject Redacted(SeizureStixView view, IReadOnlySet<string> redactedFields)
        => (JsonObject)Redaction.Apply(view, redactedFields, ViewJson);

    /// <summary>
    /// The incident for a seizure, built only from the redacted view, so nothing an agreement removes
    /// (owner, witnesses, officers... or any field it names) can reach the STIX object.
    /// </summary>
    public static JsonObject Incident(Guid id, JsonObject view, DateTimeOffset created, DateTimeOffset modified, Tlp marking)
    {
        string? Text(string name) => Str(view[name]);
        var items = view["items"] as JsonArray ?? [];
        var reference = Text("reference") ?? "?";
        var what = items.OfType<JsonObject>().Select(i =>
        {
            var q = i["quantity"] is JsonValue qv ? decimal.Parse(qv.ToJsonString(), CultureInfo.InvariantCulture).ToString("0.###", CultureInfo.InvariantCulture) : "?";
            return $"{q} {Str(i["unit"])} {Str(i["category"])}".Trim();
        }).ToList();
        var office = Text("office");
        var ext = new JsonObject { ["extension_type"] = "property-extension" };
        void Put(string stixName, string viewName)
        {
            if (view[viewName] is { } value)
            {
                ext[stixName] = value.DeepClone();
            }
        }
        Put("reference", "reference");
        Put("owner_agency", "ownerAgency");
        Put("office", "office");
        Put("place", "place");
        Put("latitude", "latitude");
        Put("longitude", "longitude");
        if (Text("seizedAt") is { } at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var seizedAt))
        {
            ext["seized_at"] = Stix.Timestamp(seizedAt);
        }
        Put("route_from", "routeFrom");
        Put("route_to", "routeTo");
        if (view["items"] is JsonArray)
        {
            ext["items"] = new JsonArray(items.Select(i => i is not JsonObject item ? null : (JsonNode)Snake(item)).ToArray());
        }
        Put("legal_basis", "legalBasis");
        Put("concealment_method", "concealmentMethod");
        Put("detection_method", "detectionMethod");
        Put("legal_state", "legalState");
        Put("perishable", "perishable");
        Put("hazardous", "hazardous");
        Put("seizing_officers", "seizingOfficers");
        Put("witnesses", "witnesses");
        Put("disposal_witnesses", "disposalWitnesses");
        Put("owner", "owner");
        if (view["_redacted"] is JsonArray redacted)
        {
            ext["redacted"] = redacted.DeepClone();
        }
        var labels = new JsonArray("seizure");
        foreach (var category in items.OfType<JsonObject>().Select(i => Str(i["category"])).OfType<string>().Distinct())
        {
            labels.Add($"commodity:{category}");
        }
        return new JsonObject
        {
            ["type"] = "incident",
            ["spec_version"] = "2.1",
            ["id"] = $"incident--{id}",
            ["created"] = Stix.Timestamp(created),
            ["modified"] = Stix.Timestamp(modified),
            ["name"] = $"Customs seizure {reference}" + (what.Count > 0 ? $": {string.Join(", ", what)}" : ""),
            ["description"] = $"Goods seized by customs{(office is null ? "" : $" at office {office}")}"
                              + (what.Count > 0 ? $": {string.Join("; ", what)}." : "."),
            ["labels"] = labels,
            ["external_references"] = new JsonArray(new JsonObject { ["source_name"] = "cordon", ["external_id"] = reference }),
            ["object_marking_refs"] = new JsonArray(Stix.MarkingId(marking)),
            ["extensions"] = new JsonObject { [ExtensionId] = ext },
        };
    }

    private static string? Str(JsonNode? node) => node is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToString()) : null;

    /// <summary>Item properties in STIX snake_case; nulls (absent or redacted) are left out, as STIX forbids null properties.</summary>
    private static JsonObject Snake(JsonObject item)
    {
        var o = new JsonObject();
        foreach (var (key, value) in item)
        {
            if (value is null)
            {
                continue;
            }
            o[JsonNamingPolicy.SnakeCaseLower.ConvertName(key)] = value.DeepClone();
        }
        return o;
    }

    public static SeizureStixView View(Seizure s, string agencyCode) => new(s.Id, s.Reference, agencyCode, s.Marking.Label(), s.Office, s.Place, s.Latitude, s.Longitude,
        s.SeizedAt, s.RouteFrom, s.RouteTo, s.Items, s.SeizingOfficers.ToArray(), s.Witnesses.ToArray(), s.Owner, s.LegalBasis, s.ConcealmentMethod, s.DetectionMethod,
        s.LegalState.Kebab(), s.Perishable, s.Hazardous, s.DisposalWitnesses.ToArray(), s.CreatedBy);
}
