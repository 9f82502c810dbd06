using System.Text;
using System.Text.Json;
using Cordon.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Travellers;

/// <summary>The kinds of a traveller's personal data that retention masks one by one (each has its own period).</summary>
public enum MaskedData
{
    Names,
    Contact,
    Payment,
    Documents,
}

/// <summary>
/// One kind of a masked traveller's original values, sealed (AES-GCM) by the installation's server key (the messaging key file,
/// decision 030) and bound to the traveller and kind: nothing of it is readable in the store, and only an authorised unmasking
/// opens it. Deleted with the traveller.
/// </summary>
public sealed class TravellerMask
{
    public Guid TravellerId { get; set; }
    public MaskedData Kind { get; set; }
    public DateTimeOffset MaskedAt { get; set; }
    /// <summary>The server key that sealed it (first bytes of its SHA-256).</summary>
    public required string KeyId { get; set; }
    public required byte[] Sealed { get; set; }
}

/// <summary>What one kind held before it was masked (only that kind's members are set).</summary>
internal sealed class MaskedOriginal
{
    public string? Surname { get; set; }
    public string? GivenNames { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? BirthPlace { get; set; }
    public string? PersonKey { get; set; }
    public List<string>? ReasonDetails { get; set; }
    public List<string>? Companions { get; set; }
    public string? Address { get; set; }
    public List<string>? Phones { get; set; }
    public List<string>? Emails { get; set; }
    public string? BookingAddress { get; set; }
    public List<BookingPayment>? Payments { get; set; }
    public List<MaskedDocument>? Documents { get; set; }
}

internal sealed record MaskedDocument(int Seq, string Number, DateOnly? Expiry);

/// <summary>
/// Masking and unmasking one traveller in memory: which fields each kind covers (the EU PNR directive, art. 12(2): names,
/// address and contact, payment, and the identifying API data — here the document numbers), what stays for analysis (route,
/// dates, nationality, gender, residence, document type and issuing state, seat, bags, itinerary, the decision's kind), and
/// the marker a masked text field shows.
/// </summary>
public static class TravellerMasking
{
    /// <summary>What a masked required text field (surname, document number) holds; nullable ones become null.</summary>
    public const string Marker = "[masked]";

    public static readonly IReadOnlyList<MaskedData> Kinds = Enum.GetValues<MaskedData>();

    public static string Name(MaskedData kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The kinds a traveller's <see cref="Traveller.Masked"/> names.</summary>
    public static HashSet<MaskedData> Of(string? masked)
        => (masked ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => Enum.Parse<MaskedData>(n, ignoreCase: true)).ToHashSet();

    public static string Describe(IEnumerable<MaskedData> kinds) => string.Join(' ', kinds.Order().Select(Name));

    private static byte[] Context(Guid travellerId, MaskedData kind) => [.. travellerId.ToByteArray(), .. Encoding.ASCII.GetBytes(Name(kind))];

    /// <summary>Clears one kind's fields of a tracked traveller and returns them sealed.</summary>
    internal static TravellerMask Mask(Traveller t, MaskedData kind, ChannelKeys keys, DateTimeOffset now)
    {
        var original = new MaskedOriginal();
        var booking = t.Booking;
        switch (kind)
        {
            case MaskedData.Names:
                (original.Surname, original.GivenNames, original.BirthDate, original.BirthPlace, original.PersonKey) = (t.Surname, t.GivenNames, t.BirthDate, t.BirthPlace, t.PersonKey);
                (t.Surname, t.GivenNames, t.BirthDate, t.BirthPlace, t.PersonKey) = (Marker, null, null, null, null);
                // A reason's wording may quote a listed name; its kind and action stay for analysis.
                original.ReasonDetails = t.Reasons?.Select(r => r.Detail).ToList();
                t.Reasons = t.Reasons?.Select(r => r with { Detail = Marker }).ToList();
                if (booking is not null)
                {
                    original.Companions = booking.Companions;
                    booking.Companions = [];
                }
                break;
            case MaskedData.Contact:
                original.Address = t.Address;
                t.Address = null;
                if (booking is not null)
                {
                    (original.Phones, original.Emails, original.BookingAddress) = (booking.Phones, booking.Emails, booking.Address);
                    (booking.Phones, booking.Emails, booking.Address) = ([], [], null);
                }
                break;
            case MaskedData.Payment:
                if (booking is not null)
                {
                    original.Payments = booking.Payments;
                    booking.Payments = [];
                }
                break;
            default:
                original.Documents = t.Documents.Select(d => new MaskedDocument(d.Seq, d.Number, d.Expiry)).ToList();
                foreach (var d in t.Documents)
                {
                    (d.Number, d.Expiry) = (Marker, null);
                }
                break;
        }
        if (booking is not null)
        {
            t.Booking = Copy(booking); // a new instance, so the change tracker sees the JSON column change
        }
        var kinds = Of(t.Masked);
        kinds.Add(kind);
        t.Masked = Describe(kinds);
        t.MaskedAt ??= now;
        var (keyId, sealedBytes) = keys.SealWithServerKey(JsonSerializer.SerializeToUtf8Bytes(original, TravellerJson.Options), Context(t.Id, kind));
        return new TravellerMask { TravellerId = t.Id, Kind = kind, MaskedAt = now, KeyId = keyId, Sealed = sealedBytes };
    }

    /// <summary>Puts the sealed originals back into an untracked traveller (for an authorised reader only).</summary>
    internal static void Unmask(Traveller t, IEnumerable<TravellerMask> masks, ChannelKeys keys)
    {
        foreach (var mask in masks)
        {
            var o = JsonSerializer.Deserialize<MaskedOriginal>(keys.OpenWithServerKey(mask.KeyId, mask.Sealed, Context(t.Id, mask.Kind)), TravellerJson.Options)!;
            var booking = t.Booking;
            switch (mask.Kind)
            {
                case MaskedData.Names:
                    (t.Surname, t.GivenNames, t.BirthDate, t.BirthPlace, t.PersonKey) = (o.Surname ?? Marker, o.GivenNames, o.BirthDate, o.BirthPlace, o.PersonKey);
                    if (t.Reasons is { } reasons && o.ReasonDetails is { } details)
                    {
                        t.Reasons = reasons.Select((r, i) => i < details.Count ? r with { Detail = details[i] } : r).ToList();
                    }
                    booking?.Companions = o.Companions ?? [];
                    break;
                case MaskedData.Contact:
                    t.Address = o.Address;
                    if (booking is not null)
                    {
                        (booking.Phones, booking.Emails, booking.Address) = (o.Phones ?? [], o.Emails ?? [], o.BookingAddress);
                    }
                    break;
                case MaskedData.Payment:
                    booking?.Payments = o.Payments ?? [];
                    break;
                default:
                    foreach (var d in o.Documents ?? [])
                    {
                        if (t.Documents.FirstOrDefault(x => x.Seq == d.Seq) is { } doc)
                        {
                            (doc.Number, doc.Expiry) = (d.Number, d.Expiry);
                        }
                    }
                    break;
            }
        }
    }

    private static TravellerBooking Copy(TravellerBooking b)
        => JsonSerializer.Deserialize<TravellerBooking>(JsonSerializer.Serialize(b, TravellerJson.Options), TravellerJson.Options)!;
}

internal sealed class TravellerMaskConfiguration : IEntityTypeConfiguration<TravellerMask>
{
    public void Configure(EntityTypeBuilder<TravellerMask> b)
    {
        b.ToTable("traveller_masks");
        b.HasKey(m => new { m.TravellerId, m.Kind });
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.KeyId).HasMaxLength(16);
        b.HasOne<Traveller>().WithMany().HasForeignKey(m => m.TravellerId).OnDelete(DeleteBehavior.Cascade);
    }
}
