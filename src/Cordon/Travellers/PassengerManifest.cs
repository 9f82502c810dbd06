using Cordon.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Travellers;

/// <summary>
/// A carrier's passenger or crew list for one flight or voyage leg, keyed by carrier, flight or voyage,
/// departure date, places of departure and arrival and list kind. A later list for the same key is a new
/// version that replaces the travellers of the earlier one; the earlier content stays in the version table.
/// It is derived from the travellers it lists: it is read under the traveller record type, with the same
/// owner, marking and caveats.
/// </summary>
public sealed class PassengerManifest : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Caveats Caveats { get; set; } = Caveats.PersonalData;

    public required string Carrier { get; set; }
    public required string Transport { get; set; }
    public required string Mode { get; set; }
    public string? Vessel { get; set; }
    /// <summary>passengers, crew or bookings (PNRGOV).</summary>
    public required string List { get; set; }
    public required string Departure { get; set; }
    /// <summary>Local date of the scheduled departure: part of the key.</summary>
    public DateOnly DepartureDate { get; set; }
    public DateTime? DepartureTime { get; set; }
    public required string Arrival { get; set; }
    public DateTime? ArrivalTime { get; set; }
    /// <summary>The itinerary's places in order, space-separated.</summary>
    public required string Route { get; set; }
    public int Version { get; set; } = 1;
    public required string MessageReference { get; set; }
    public int TravellerCount { get; set; }
    public required byte[] ContentHash { get; set; }
    public DateTimeOffset FirstReceivedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>Every version of a list as received (canonical JSON), so a replaced list can still be seen.</summary>
public sealed class PassengerManifestVersion
{
    public Guid ManifestId { get; set; }
    public int Version { get; set; }
    public required string MessageReference { get; set; }
    public required byte[] ContentHash { get; set; }
    public required string Content { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
    public required string Source { get; set; }
}

/// <summary>
/// A person on a list: passenger or crew, with their travel documents. Personal data by default
/// (caveat), owned by the agency that received the list, marked as the list.
/// </summary>
public sealed class Traveller : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ManifestId { get; set; }
    /// <summary>The version of the list this traveller came in.</summary>
    public int ManifestVersion { get; set; }
    public int Seq { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Caveats Caveats { get; set; } = Caveats.PersonalData;

    public required string Carrier { get; set; }
    public required string Transport { get; set; }
    public DateOnly DepartureDate { get; set; }
    public required string Role { get; set; }
    public required string Surname { get; set; }
    public string? GivenNames { get; set; }
    public string? Gender { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? BirthPlace { get; set; }
    public string? Nationality { get; set; }
    public string? ResidenceCountry { get; set; }
    public string? Address { get; set; }
    public string? Embarkation { get; set; }
    public string? Debarkation { get; set; }
    public string? BookingReference { get; set; }
    public string? Seat { get; set; }
    public int? Bags { get; set; }
    /// <summary>The booking behind the journey, from a PNRGOV push (null from PAXLST): personal data as a whole.</summary>
    public TravellerBooking? Booking { get; set; }
    /// <summary>Nationality, birth date and name hashed (<see cref="TravellerIdentity"/>): links the person to crossings.</summary>
    public string? PersonKey { get; set; }

    /// <summary>The decision on intake (<see cref="TravellerActions"/>), null until checked.</summary>
    public string? Action { get; set; }
    /// <summary>Every reason behind <see cref="Action"/>: document checks, watch-list hits, stays.</summary>
    public List<TravellerReason>? Reasons { get; set; }
    public DateTimeOffset? CheckedAt { get; set; }

    /// <summary>The kinds of personal data masked by retention (<see cref="MaskedData"/>, space-separated, e.g. "names contact"), null while none is.</summary>
    public string? Masked { get; set; }
    public DateTimeOffset? MaskedAt { get; set; }

    public List<TravelDocument> Documents { get; set; } = [];
}

/// <summary>A document a traveller carries (passport, identity card, visa), in its own table so a number can be looked up.</summary>
public sealed class TravelDocument
{
    public Guid TravellerId { get; set; }
    public int Seq { get; set; }
    public required string Type { get; set; }
    public required string Number { get; set; }
    public string? IssuingState { get; set; }
    public DateOnly? Expiry { get; set; }
}

internal static class TravellerJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);
}

internal static class TravellerLimits
{
    public const int Code = 35, Name = 140, Place = 70, Address = 300;
}

internal sealed class PassengerManifestConfiguration : IEntityTypeConfiguration<PassengerManifest>
{
    public void Configure(EntityTypeBuilder<PassengerManifest> b)
    {
        b.ToTable("passenger_manifests");
        b.HasIndex(m => new { m.Carrier, m.Transport, m.DepartureDate, m.Departure, m.Arrival, m.List }).IsUnique();
        b.HasIndex(m => new { m.OwningAgencyId, m.Marking, m.Caveats });
        b.HasIndex(m => m.DepartureDate);
        b.Property(m => m.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Caveats).HasDefaultValue(Caveats.PersonalData).HasSentinel((Caveats)(-1));
        b.Property(m => m.Carrier).HasMaxLength(TravellerLimits.Code);
        b.Property(m => m.Transport).HasMaxLength(TravellerLimits.Code);
        b.Property(m => m.Mode).HasMaxLength(8);
        b.Property(m => m.Vessel).HasMaxLength(TravellerLimits.Place);
        b.Property(m => m.List).HasMaxLength(16);
        b.Property(m => m.Departure).HasMaxLength(TravellerLimits.Code);
        b.Property(m => m.Arrival).HasMaxLength(TravellerLimits.Code);
        b.Property(m => m.Route).HasMaxLength(400);
        b.Property(m => m.MessageReference).HasMaxLength(100);
        b.Property(m => m.ContentHash).HasMaxLength(32);
        b.Property(m => m.UpdatedBy).HasMaxLength(200);
    }
}

internal sealed class PassengerManifestVersionConfiguration : IEntityTypeConfiguration<PassengerManifestVersion>
{
    public void Configure(EntityTypeBuilder<PassengerManifestVersion> b)
    {
        b.ToTable("passenger_manifest_versions");
        b.HasKey(v => new { v.ManifestId, v.Version });
        // A list re-sent under the same message reference is the same list: found by it.
        b.HasIndex(v => new { v.ManifestId, v.MessageReference });
        b.Property(v => v.MessageReference).HasMaxLength(100);
        b.Property(v => v.ContentHash).HasMaxLength(32);
        b.Property(v => v.ReceivedBy).HasMaxLength(200);
        b.Property(v => v.Source).HasMaxLength(300);
        b.HasOne<PassengerManifest>().WithMany().HasForeignKey(v => v.ManifestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TravellerConfiguration : IEntityTypeConfiguration<Traveller>
{
    public void Configure(EntityTypeBuilder<Traveller> b)
    {
        b.ToTable("travellers");
        b.HasIndex(t => new { t.ManifestId, t.Seq }).IsUnique();
        b.HasIndex(t => new { t.OwningAgencyId, t.Marking, t.Caveats });
        b.HasIndex(t => new { t.Surname, t.BirthDate });
        b.HasIndex(t => t.PersonKey);
        b.HasIndex(t => new { t.ManifestId, t.Action });
        b.Property(t => t.PersonKey).HasMaxLength(32);
        b.Property(t => t.Action).HasMaxLength(24);
        b.Property(t => t.Masked).HasMaxLength(40);
        // The reasons are read with the traveller, never queried into: one JSON column.
        b.Property(t => t.Reasons).HasMaxLength(4000).HasConversion(
            r => r == null ? null : System.Text.Json.JsonSerializer.Serialize(r, TravellerJson.Options),
            s => s == null ? null : System.Text.Json.JsonSerializer.Deserialize<List<TravellerReason>>(s, TravellerJson.Options),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<TravellerReason>?>(
                (a, b) => System.Text.Json.JsonSerializer.Serialize(a, TravellerJson.Options) == System.Text.Json.JsonSerializer.Serialize(b, TravellerJson.Options),
                r => System.Text.Json.JsonSerializer.Serialize(r, TravellerJson.Options).GetHashCode(StringComparison.Ordinal),
                r => r == null ? null : r.ToList()));
        // The booking, like the reasons, is read with the traveller and never queried into.
        b.Property(t => t.Booking).HasConversion(
            v => v == null ? null : System.Text.Json.JsonSerializer.Serialize(v, TravellerJson.Options),
            s => s == null ? null : System.Text.Json.JsonSerializer.Deserialize<TravellerBooking>(s, TravellerJson.Options),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<TravellerBooking?>(
                (a, b) => System.Text.Json.JsonSerializer.Serialize(a, TravellerJson.Options) == System.Text.Json.JsonSerializer.Serialize(b, TravellerJson.Options),
                v => System.Text.Json.JsonSerializer.Serialize(v, TravellerJson.Options).GetHashCode(StringComparison.Ordinal),
                v => v == null ? null : System.Text.Json.JsonSerializer.Deserialize<TravellerBooking>(System.Text.Json.JsonSerializer.Serialize(v, TravellerJson.Options), TravellerJson.Options)));
        b.Property(t => t.Marking).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Caveats).HasDefaultValue(Caveats.PersonalData).HasSentinel((Caveats)(-1));
        b.Property(t => t.Carrier).HasMaxLength(TravellerLimits.Code);
        b.Property(t => t.Transport).HasMaxLength(TravellerLimits.Code);
        b.Property(t => t.Role).HasMaxLength(24);
        b.Property(t => t.Surname).HasMaxLength(TravellerLimits.Name);
        b.Property(t => t.GivenNames).HasMaxLength(TravellerLimits.Name);
        b.Property(t => t.Gender).HasMaxLength(1);
        b.Property(t => t.BirthPlace).HasMaxLength(TravellerLimits.Place);
        b.Property(t => t.Nationality).HasMaxLength(3);
        b.Property(t => t.ResidenceCountry).HasMaxLength(3);
        b.Property(t => t.Address).HasMaxLength(TravellerLimits.Address);
        b.Property(t => t.Embarkation).HasMaxLength(TravellerLimits.Code);
        b.Property(t => t.Debarkation).HasMaxLength(TravellerLimits.Code);
        b.Property(t => t.BookingReference).HasMaxLength(TravellerLimits.Code);
        b.Property(t => t.Seat).HasMaxLength(8);
        b.HasOne<PassengerManifest>().WithMany().HasForeignKey(t => t.ManifestId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(t => t.Documents).WithOne().HasForeignKey(d => d.TravellerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TravelDocumentConfiguration : IEntityTypeConfiguration<TravelDocument>
{
    public void Configure(EntityTypeBuilder<TravelDocument> b)
    {
        b.ToTable("travel_documents");
        b.HasKey(d => new { d.TravellerId, d.Seq });
        // Lost/stolen checks and the primary line look documents up by number.
        b.HasIndex(d => new { d.Number, d.IssuingState });
        b.Property(d => d.Type).HasMaxLength(3);
        b.Property(d => d.Number).HasMaxLength(TravellerLimits.Code);
        b.Property(d => d.IssuingState).HasMaxLength(3);
    }
}
