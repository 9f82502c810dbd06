using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Screening.Lists;
using Cordon.Sharing;

namespace Cordon.Taxii;

/// <summary>
/// STIX 2.1 objects for what Cordon shares with outside tools. Markings are the TLP 2.0 marking
/// definitions of the OASIS TLP 2.0 extension (fixed, well-known ids), so MISP and OpenCTI map them to
/// their own TLP labels.
/// </summary>
public static class Stix
{
    public const string MediaType = "application/stix+json;version=2.1";
    public const string TlpExtension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    public static string MarkingId(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp.Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp.Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp.AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp.Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
        _ => throw new ArgumentOutOfRangeException(nameof(tlp)),
    };

    /// <summary>The marking definition object itself, as the TLP 2.0 extension defines it.</summary>
    public static JsonObject MarkingDefinition(Tlp tlp) => new()
    {
        ["type"] = "marking-definition",
        ["spec_version"] = "2.1",
        ["id"] = MarkingId(tlp),
        ["created"] = "2022-10-01T00:00:00.000Z",
        ["name"] = tlp.Label(),
        ["extensions"] = new JsonObject
        {
            [TlpExtension] = new JsonObject { ["extension_type"] = "property-extension", ["tlp_2_0"] = tlp.Label()[4..].ToLowerInvariant() },
        },
    };

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A listed person, organisation, vessel or aircraft as a STIX identity (the object OpenCTI and MISP
    /// use for sanctioned parties), with the list's details as x_cordon_ properties. A listing removed
    /// from the list is the same object, revoked.
    /// </summary>
    public static JsonObject ListedParty(ListedEntity row, string listName, DateTimeOffset created, DateTimeOffset modified)
    {
        var entry = JsonSerializer.Deserialize<ListEntry>(row.Details, ListImport.DetailsJson)!;
        var programmes = entry.Programmes.Count == 0 ? "" : $" ({string.Join(", ", entry.Programmes)})";
        var o = new JsonObject
        {
            ["type"] = "identity",
            ["spec_version"] = "2.1",
            ["id"] = $"identity--{row.Id}",
            ["created"] = Timestamp(created),
            ["modified"] = Timestamp(modified),
            ["name"] = row.PrimaryName,
            ["identity_class"] = row.Type switch { EntityType.Person => "individual", EntityType.Organisation => "organization", _ => "unknown" },
            ["description"] = $"{row.Type} listed on {listName}{programmes}.",
            ["labels"] = new JsonArray("sanctioned", $"list:{listName}"),
            ["object_marking_refs"] = new JsonArray(MarkingId(row.Marking)),
            ["x_cordon_list"] = listName,
            ["x_cordon_source_id"] = row.SourceId,
            ["x_cordon_entity_type"] = row.Type.ToString().ToLowerInvariant(),
            ["x_cordon_aliases"] = new JsonArray(entry.Aliases.Select(a => (JsonNode?)JsonValue.Create(a.Name)).ToArray()),
            ["x_cordon_countries"] = new JsonArray(entry.Countries.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["x_cordon_identifiers"] = new JsonArray(entry.Identifiers.Select(i => (JsonNode?)new JsonObject { ["kind"] = i.Kind, ["value"] = i.Value, ["country"] = i.Country }).ToArray()),
            ["x_cordon_programmes"] = new JsonArray(entry.Programmes.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
        };
        if (row.RemovedInVersion is not null)
        {
            o["revoked"] = true;
        }
        return o;
    }
}
