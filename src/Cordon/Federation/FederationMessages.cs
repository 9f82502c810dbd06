using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Sharing;

namespace Cordon.Federation;

/// <summary>An agency as the sending installation knows it.</summary>
public sealed record OriginAgency(Guid Id, string Code, string Name, string Country);

/// <summary>The sender's agreement as the receiver mirrors it (read-only there).</summary>
public sealed record AgreementMessage(
    Guid Id, int Version, string Title, AgreementStatus Status, OriginAgency Provider, string RecipientCode, string[] RecordTypes, Tlp MaxMarking,
    Purpose[] Purposes, List<RedactionRule> Redactions, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, DateTimeOffset? RevokedAt, string? RevocationReason);

/// <summary>
/// The partner agency's own acceptance of an agreement that names it as recipient, given by its agency-admin
/// at the partner installation and carried back over the signed link (the batch's signature vouches for it).
/// </summary>
public sealed record ConsentMessage(Guid AgreementId, int Version, string AgencyCode, string By, DateTimeOffset At);

/// <summary>
/// One item of a batch. <see cref="Kind"/>: "agreement" (create or update the mirror), "revocation" (the
/// agreement was revoked: the mirror stops reads at once), "record" (a shared record's view, already
/// redacted by the sender), "withheld" (a record queued before its agreement stopped: nothing but the
/// sequence number, so the cursor stays gapless), "consent" (the receiver's agency-admin accepted an
/// agreement the receiver proposed: it then comes into force there).
/// </summary>
public sealed record FederationItem(long Seq, string Kind)
{
    public AgreementMessage? Agreement { get; init; }
    public ConsentMessage? Consent { get; init; }
    public string? RecordType { get; init; }
    public string? RecordId { get; init; }
    public int Version { get; init; }
    public Guid? AgreementId { get; init; }
    public OriginAgency? Origin { get; init; }
    public Tlp Marking { get; init; }
    public Caveats Caveats { get; init; }
    public JsonElement? View { get; init; }
}

public sealed record FederationBatch(int V, string From, string To, List<FederationItem> Items);

public sealed record ItemRejection(long Seq, string Field, string Message);

/// <summary>The receiver's answer, itself sealed in an envelope: how far it has applied (its cursor).</summary>
public sealed record FederationReceipt(long Cursor, int Applied, int Duplicates, List<ItemRejection> Rejected);

public static class FederationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

public static class ItemKinds
{
    public const string Agreement = "agreement", Revocation = "revocation", Record = "record", Withheld = "withheld", Consent = "consent";
}
