using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations.Geo;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetTopologySuite.Geometries;

namespace Cordon.Operations;

/// <summary>How much a border section matters now (EUROSUR's impact levels); it sets the patrol coverage it needs.</summary>
public enum ImpactLevel
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// A named stretch of land border: the border lines of the bundled Natural Earth boundaries inside the area an
/// analyst drew, with the impact level set on it (reason, evidence, valid from/until). Outside that validity the
/// section is at its default level, low.
/// </summary>
public sealed class BorderSection : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    /// <summary>The area drawn (GeoJSON polygon); the section is the land border inside it.</summary>
    public required string AreaGeoJson { get; set; }
    /// <summary>The border lines inside the area (GeoJSON MultiLineString), computed when the area is saved.</summary>
    public required string LineGeoJson { get; set; }
    /// <summary>The countries whose border it is, e.g. BE–NL.</summary>
    public required string Border { get; set; }
    public double LengthMetres { get; set; }
    public ImpactLevel Level { get; set; } = ImpactLevel.Low;
    public string? LevelReason { get; set; }
    /// <summary>References to what supports the level: incidents, detections, intelligence notes (as text).</summary>
    public string[] LevelEvidence { get; set; } = [];
    public DateTimeOffset? LevelFrom { get; set; }
    public DateTimeOffset? LevelUntil { get; set; }
    public string? LevelSetBy { get; set; }
    public DateTimeOffset? LevelSetAt { get; set; }
    /// <summary>Counts the changes (creation is 1); the store's change audit names each change's fields.</summary>
    public int Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public Caveats Caveats { get; set; }

    /// <summary>The level in force at <paramref name="at"/>: the one set while it is valid, low before and after.</summary>
    public ImpactLevel LevelAt(DateTimeOffset at)
        => LevelFrom is { } from && LevelUntil is { } until && from <= at && at < until ? Level : ImpactLevel.Low;
}

/// <summary>One level as it was set on a section: the section's history, written with each change.</summary>
public sealed class BorderSectionVersion
{
    public long Id { get; set; }
    public Guid SectionId { get; set; }
    public int Version { get; set; }
    public ImpactLevel Level { get; set; }
    public string? Reason { get; set; }
    public string[] Evidence { get; set; } = [];
    public DateTimeOffset? ValidFrom { get; set; }
    public DateTimeOffset? ValidUntil { get; set; }
    public required string SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

internal sealed class BorderSectionVersionConfiguration : IEntityTypeConfiguration<BorderSectionVersion>
{
    public void Configure(EntityTypeBuilder<BorderSectionVersion> b)
    {
        b.ToTable("border_section_versions");
        b.Property(v => v.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.Reason).HasMaxLength(2000);
        b.Property(v => v.Evidence).AsJson();
        b.Property(v => v.SetBy).HasMaxLength(200);
        b.HasIndex(v => new { v.SectionId, v.Version }).IsUnique();
    }
}

internal sealed class BorderSectionConfiguration : IEntityTypeConfiguration<BorderSection>
{
    public void Configure(EntityTypeBuilder<BorderSection> b)
    {
        b.ToTable("border_sections");
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Border).HasMaxLength(100);
        b.Property(s => s.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.LevelReason).HasMaxLength(2000);
        b.Property(s => s.LevelEvidence).AsJson();
        b.Property(s => s.LevelSetBy).HasMaxLength(200);
        b.HasIndex(s => new { s.OwningAgencyId, s.Name }).IsUnique();
    }
}

/// <summary>The patrol coverage each impact level needs per day (<c>ImpactLevels</c> in the settings).</summary>
public sealed class ImpactLevelOptions
{
    public double LowHours { get; set; }
    public double MediumHours { get; set; } = 4;
    public double HighHours { get; set; } = 12;
    public double CriticalHours { get; set; } = 24;

    public ImpactRules Rules => new(LowHours, MediumHours, HighHours, CriticalHours);

    public static string? Check(ImpactLevelOptions o)
    {
        foreach (var (name, hours) in new[] { ("LowHours", o.LowHours), ("MediumHours", o.MediumHours), ("HighHours", o.HighHours), ("CriticalHours", o.CriticalHours) })
        {
            if (hours is < 0 or > 24 || double.IsNaN(hours))
            {
                return $"{name} is {hours}: use 0 to 24 hours a day.";
            }
        }
        return o.LowHours <= o.MediumHours && o.MediumHours <= o.HighHours && o.HighHours <= o.CriticalHours
            ? null : "The hours go up with the level: LowHours ≤ MediumHours ≤ HighHours ≤ CriticalHours.";
    }
}

/// <summary>Minimum patrol coverage per day, in hours, for each impact level.</summary>
public sealed record ImpactRules(double LowHours, double MediumHours, double HighHours, double CriticalHours)
{
    public static readonly ImpactRules Default = new ImpactLevelOptions().Rules;

    public double HoursPerDay(ImpactLevel level) => level switch
    {
        ImpactLevel.Medium => MediumHours,
        ImpactLevel.High => HighHours,
        ImpactLevel.Critical => CriticalHours,
        _ => LowHours,
    };
}

public sealed record BorderSectionInput(string? Name, JsonElement? Area, string? Marking = null, string[]? Caveats = null);

public sealed record ImpactLevelInput(string? Level, string? Reason, string[]? Evidence, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil);

/// <param name="Level">In force now (low when the level set has expired or is not yet valid).</param>
/// <param name="SetLevel">The level last set, with its validity.</param>
public sealed record BorderSectionView(Guid Id, string Name, string Border, double LengthMetres, List<List<double[]>> Lines, string Level, double RequiredHoursPerDay,
    string SetLevel, string? Reason, string[] Evidence, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, string? SetBy, DateTimeOffset? SetAt, int Version,
    string Agency, string Marking, string[] Caveats)
{
    /// <summary>Every level set on the section, newest first (on reading one section).</summary>
    public List<LevelVersionView>? History { get; init; }
}

public sealed record LevelVersionView(int Version, string Level, string? Reason, string[] Evidence, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, string SetBy, DateTimeOffset SetAt);

/// <summary>One UTC day of a section's coverage: the highest level in force in any of its hours, hours needed, planned, short.</summary>
public sealed record SectionDay(DateOnly Day, string Level, double RequiredHours, int PlannedHours, double ShortfallHours);

public sealed record SectionCoverage(Guid Id, string Name, string Border, List<List<double[]>> Lines, string Level, double RequiredHoursPerDay,
    double RequiredHours, int PlannedHours, double ShortfallHours, List<SectionDay> Days, List<string> Patrols);

/// <summary>
/// Border sections and their impact levels: analysts and supervisors of the owning agency name sections and set
/// their levels; the level sets the patrol hours a day the section needs (<see cref="ImpactRules"/>), compared with
/// the patrols planned over it. Sections are shared like operations, through the access policy.
/// </summary>
public static class BorderSections
{
    public static bool MaySet(Actor actor) => actor.Has(Roles.Analyst) || actor.Has(Roles.Supervisor);

    public static async Task<BorderSectionView> CreateAsync(CordonDb db, Actor actor, BorderSectionInput input, ImpactRules rules, CancellationToken ct)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency can name border sections.");
        if (!MaySet(actor))
        {
            throw new Forbidden("Naming border sections and setting their impact levels needs the analyst or supervisor role.");
        }
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
        {
            errors.Add("name", "is required, at most 200 characters.");
        }
        GeoArea.Check(input.Area, errors);
        var marking = OperationPlanning.ParseMarking(input.Marking, Tlp.Amber, errors);
        errors.ThrowIfAny();
        var caveats = Markings.ParseCaveats(input.Caveats ?? []);
        var name = input.Name!.Trim();
        var section = Draw(name, input.Area!.Value.GetRawText()) ?? throw ValidationFailed.Field("area", "holds no land border between two countries (coasts are not border sections).");
        if (await db.BorderSections.AnyAsync(s => s.OwningAgencyId == agency && s.Name == name, ct))
        {
            throw new Conflict($"Your agency already has a border section named '{name}'.");
        }
        section.UpdatedAt = db.Clock.GetUtcNow();
        section.OwningAgencyId = agency;
        section.Marking = marking;
        section.Caveats = caveats;
        db.BorderSections.Add(section);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, section, db.Clock.GetUtcNow(), rules, ct);
    }

    /// <summary>A section over the land border inside <paramref name="areaGeoJson"/> (not yet owned or saved); null when the area holds none.</summary>
    internal static BorderSection? Draw(string name, string areaGeoJson)
    {
        var pieces = BorderCoverage.Segments(GeoArea.Parse(areaGeoJson).Geometry, double.MaxValue);
        return pieces.Count == 0 ? null : new BorderSection
        {
            Name = name, AreaGeoJson = areaGeoJson, LineGeoJson = LineJson(pieces.Select(p => p.Line)),
            Border = string.Join(", ", pieces.Select(p => p.Border).Distinct()), LengthMetres = Math.Round(pieces.Sum(p => BorderCoverage.LengthMetres(p.Line))),
        };
    }

    /// <summary>Sets a section's impact level (the owning agency's analysts and supervisors); the store audits the change.</summary>
    public static async Task<BorderSectionView> SetLevelAsync(CordonDb db, Actor actor, Guid id, ImpactLevelInput input, ImpactRules rules, CancellationToken ct)
    {
        if (!MaySet(actor))
        {
            throw new Forbidden("Naming border sections and setting their impact levels needs the analyst or supervisor role.");
        }
        var section = await db.BorderSections.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (section is null || section.OwningAgencyId != actor.AgencyId)
        {
            // Another agency's section is not named: its existence is not the reader's to learn.
            throw new NotFound($"Border section {id} does not exist in your agency.");
        }
        var now = db.Clock.GetUtcNow();
        var errors = new FieldErrors();
        if (!EnumText.TryParse<ImpactLevel>(input.Level, out var level))
        {
            errors.Add("level", "is one of low, medium, high, critical.");
        }
        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            errors.Add("reason", "is required: say why the section has this level.");
        }
        else if (input.Reason.Trim().Length > 2000)
        {
            errors.Add("reason", "is at most 2,000 characters.");
        }
        var evidence = (input.Evidence ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToArray();
        if (evidence.Length > 50 || evidence.Any(e => e.Length > 300))
        {
            errors.Add("evidence", "is at most 50 references of up to 300 characters each.");
        }
        var from = input.ValidFrom ?? now;
        if (input.ValidUntil is not { } until)
        {
            errors.Add("validUntil", "is required: a level holds until a date.");
        }
        else if (until <= from)
        {
            errors.Add("validUntil", "is after validFrom.");
        }
        errors.ThrowIfAny();
        section.Level = level;
        section.LevelReason = input.Reason!.Trim();
        section.LevelEvidence = evidence;
        section.LevelFrom = from;
        section.LevelUntil = input.ValidUntil;
        section.LevelSetBy = actor.Name;
        section.LevelSetAt = now;
        section.Version++;
        section.UpdatedAt = now;
        db.BorderSectionVersions.Add(new BorderSectionVersion
        {
            SectionId = section.Id, Version = section.Version, Level = level, Reason = section.LevelReason, Evidence = evidence, ValidFrom = from, ValidUntil = input.ValidUntil,
            SetBy = actor.Name, SetAt = now,
        });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, section, now, rules, ct);
    }

    public static async Task<List<BorderSectionView>> ListAsync(CordonDb db, AccessPolicy policy, DateTimeOffset now, ImpactRules rules, CancellationToken ct)
    {
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var sections = await policy.Filter(db.BorderSections.AsNoTracking(), RecordTypes.Operation).OrderBy(s => s.Name).Take(1000).ToListAsync(ct);
        return sections.Select(s => View(s, now, rules, codes[s.OwningAgencyId])).ToList();
    }

    public static async Task<BorderSectionView> ReadAsync(CordonDb db, AccessPolicy policy, Guid id, DateTimeOffset now, ImpactRules rules, CancellationToken ct)
    {
        var section = await policy.Filter(db.BorderSections.AsNoTracking(), RecordTypes.Operation).FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new NotFound($"Border section {id} does not exist or is not shared with you.");
        var history = await db.BorderSectionVersions.AsNoTracking().Where(v => v.SectionId == id).OrderByDescending(v => v.Version).Take(500).ToListAsync(ct);
        return await ViewAsync(db, section, now, rules, ct) with
        {
            History = history.Select(v => new LevelVersionView(v.Version, v.Level.Kebab(), v.Reason, v.Evidence, v.ValidFrom, v.ValidUntil, v.SetBy, v.SetAt)).ToList(),
        };
    }

    private static async Task<BorderSectionView> ViewAsync(CordonDb db, BorderSection s, DateTimeOffset now, ImpactRules rules, CancellationToken ct)
        => View(s, now, rules, await db.Agencies.Where(a => a.Id == s.OwningAgencyId).Select(a => a.Code).FirstAsync(ct));

    private static BorderSectionView View(BorderSection s, DateTimeOffset now, ImpactRules rules, string agency)
    {
        var level = s.LevelAt(now);
        return new BorderSectionView(s.Id, s.Name, s.Border, s.LengthMetres, Lines(s), level.Kebab(), rules.HoursPerDay(level), s.Level.Kebab(), s.LevelReason, s.LevelEvidence,
            s.LevelFrom, s.LevelUntil, s.LevelSetBy, s.LevelSetAt, s.Version, agency, s.Marking.Label(), CaveatText.Names(s.Caveats));
    }

    /// <summary>The section's lines as [latitude, longitude] points, as the map draws them.</summary>
    public static List<List<double[]>> Lines(BorderSection s)
        => Geometry(s).Geometries.Select(g => g.Coordinates.Select(c => new[] { c.Y, c.X }).ToList()).ToList();

    internal static MultiLineString Geometry(BorderSection s)
    {
        using var doc = JsonDocument.Parse(s.LineGeoJson);
        return GeoArea.Factory.CreateMultiLineString(doc.RootElement.GetProperty("coordinates").EnumerateArray()
            .Select(l => GeoArea.Factory.CreateLineString(l.EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray())).ToArray());
    }

    private static string LineJson(IEnumerable<LineString> lines)
        => JsonSerializer.Serialize(new { type = "MultiLineString", coordinates = lines.Select(l => l.Coordinates.Select(c => new[] { Math.Round(c.X, 6), Math.Round(c.Y, 6) })) });

    /// <summary>
    /// Each section's coverage from <paramref name="start"/> to <paramref name="end"/> (whole hours): an hour is planned
    /// when a patrol whose area or route corridor holds at least half of the section is out during it. Per UTC day the
    /// highest level in force in any hour of it sets the hours needed (at most the hours of that day in the window);
    /// the shortfall is what the planned hours leave of it.
    /// </summary>
    public static List<SectionCoverage> Cover(IReadOnlyList<BorderSection> sections, IReadOnlyList<Patrol> patrols, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now,
        ImpactRules rules, double routeCoverMetres = BorderCoverage.DefaultRouteCoverMetres)
    {
        var hourCount = Math.Max(0, (int)Math.Ceiling((end - start).TotalHours));
        var shapes = patrols.ToDictionary(p => p.Id, p => BorderCoverage.PatrolShape.Of(GeoArea.ParseAreaOrRoute(p.AreaGeoJson), routeCoverMetres));
        var result = new List<SectionCoverage>();
        foreach (var s in sections)
        {
            var line = Geometry(s);
            var covering = patrols.Where(p => shapes[p.Id].Share(line) >= BorderCoverage.CoveredShare).ToList();
            var days = new List<SectionDay>();
            for (var h = 0; h < hourCount;)
            {
                var first = start.AddHours(h);
                var dayEnd = new DateTimeOffset(first.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
                var level = ImpactLevel.Low;
                var hours = 0;
                var planned = 0;
                for (; h < hourCount && start.AddHours(h) < dayEnd; h++)
                {
                    var from = start.AddHours(h);
                    hours++;
                    level = (ImpactLevel)Math.Max((int)level, (int)s.LevelAt(from));
                    if (covering.Any(p => p.StartsAt < from.AddHours(1) && p.EndsAt > from))
                    {
                        planned++;
                    }
                }
                var required = Math.Min(rules.HoursPerDay(level), hours);
                days.Add(new SectionDay(DateOnly.FromDateTime(first.UtcDateTime), level.Kebab(), required, planned, Math.Max(0, required - planned)));
            }
            var current = s.LevelAt(now);
            result.Add(new SectionCoverage(s.Id, s.Name, s.Border, Lines(s), current.Kebab(), rules.HoursPerDay(current),
                days.Sum(d => d.RequiredHours), days.Sum(d => d.PlannedHours), days.Sum(d => d.ShortfallHours), days, covering.Select(p => p.Name).ToList()));
        }
        return result;
    }

    /// <summary>The sections the reader may see that cross <paramref name="area"/>.</summary>
    internal static async Task<List<BorderSection>> CrossingAsync(CordonDb db, AccessPolicy policy, Geometry? area, CancellationToken ct)
    {
        var sections = await policy.Filter(db.BorderSections.AsNoTracking(), RecordTypes.Operation).OrderBy(s => s.Name).Take(1000).ToListAsync(ct);
        return area is null ? sections : sections.Where(s => Geometry(s).Intersects(area)).ToList();
    }
}
