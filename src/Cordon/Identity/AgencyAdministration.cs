using Cordon.Audit;
using Cordon.Common;
using Cordon.Reference;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Identity;

public sealed record NewAgency(string? Code, string? Name, string? Kind, string? Country);

/// <summary>A change to an agency: what is given changes, what is null stays.</summary>
public sealed record AgencyChange(string? Name, string? Kind, string? Country);

public sealed record AgencyView(Guid Id, string Code, string Name, AgencyKind Kind, string Country, DateTimeOffset CreatedAt)
{
    public static AgencyView Of(Agency a) => new(a.Id, a.Code, a.Name, a.Kind, a.Country, a.CreatedAt);
}

/// <summary>Operators create agencies; everyone signed in can list them (names are not secret).</summary>
public static class AgencyAdministration
{
    public static async Task<AgencyView> CreateAsync(CordonDb db, Actor actor, NewAgency request, ReferenceData reference, CancellationToken ct = default,
        TimeProvider? time = null)
    {
        if (!actor.IsOperator)
        {
            throw new Forbidden("Only an operator can create agencies.");
        }
        var errors = new FieldErrors();
        var code = request.Code?.Trim().ToUpperInvariant() ?? "";
        if (code.Length is < 2 or > 16 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add("code", "Code must be 2 to 16 letters, digits or '-'.");
        }
        var name = request.Name?.Trim() ?? "";
        if (name.Length is < 2 or > 200)
        {
            errors.Add("name", "Name must be 2 to 200 characters.");
        }
        if (!TryParseKind(request.Kind, out var kind))
        {
            errors.Add("kind", $"Kind must be one of: {string.Join(", ", KindNames)}.");
        }
        var country = request.Country?.Trim().ToUpperInvariant() ?? "";
        if (reference.Countries.ByAlpha2(country) is null)
        {
            errors.Add("country", $"'{request.Country}' is not an ISO 3166-1 alpha-2 country code.");
        }
        if (!errors.Any && await db.Agencies.AnyAsync(a => a.Code == code, ct))
        {
            errors.Add("code", $"An agency with code '{code}' already exists.");
        }
        errors.ThrowIfAny();

        var agency = new Agency { CreatedAt = (time ?? db.Clock).GetUtcNow(), Code = code, Name = name, Kind = kind, Country = country };
        db.Agencies.Add(agency);
        AuditLog.Append(db, actor, "agency.create", "agency", agency.Id.ToString(), agency.Id, new { code, name, kind = kind.KindName(), country });
        await db.SaveChangesAsync(ct);
        return AgencyView.Of(agency);
    }

    /// <summary>
    /// Renames an agency or changes its kind or country. The kind decides what the policy lets the agency
    /// read (a statistics office or trade ministry never reads law-enforcement-only records), so only an
    /// operator changes it; the store audits the change with its before and after values.
    /// </summary>
    public static async Task<AgencyView> UpdateAsync(CordonDb db, Actor actor, string code, AgencyChange change, ReferenceData reference, CancellationToken ct = default)
    {
        if (!actor.IsOperator)
        {
            throw new Forbidden("Only an operator can change agencies.");
        }
        var agency = await AgencyCodes.FindAsync(db, code, ct)
                     ?? throw new NotFound($"There is no agency with code '{code}'.");
        if (agency.Kind == AgencyKind.ExerciseCell)
        {
            throw new Conflict($"Agency {agency.Code} is a cell of a joint exercise: the exercise made it and keeps it as its record.");
        }
        var errors = new FieldErrors();
        var name = change.Name?.Trim();
        if (name is { Length: < 2 or > 200 })
        {
            errors.Add("name", "Name must be 2 to 200 characters.");
        }
        var kind = agency.Kind;
        if (change.Kind is not null && !TryParseKind(change.Kind, out kind))
        {
            errors.Add("kind", $"Kind must be one of: {string.Join(", ", KindNames)}.");
        }
        var country = change.Country?.Trim().ToUpperInvariant();
        if (country is not null && reference.Countries.ByAlpha2(country) is null)
        {
            errors.Add("country", $"'{change.Country}' is not an ISO 3166-1 alpha-2 country code.");
        }
        errors.ThrowIfAny();
        agency.Name = name ?? agency.Name;
        agency.Kind = kind;
        agency.Country = country ?? agency.Country;
        await db.SaveChangesAsync(ct);
        return AgencyView.Of(agency);
    }

    public static async Task<List<AgencyView>> ListAsync(CordonDb db, CancellationToken ct = default)
    {
        // Exercise cells are the exercises' own (listed on each exercise's page), not agencies an administrator keeps.
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.Kind != AgencyKind.ExerciseCell).OrderBy(a => a.Code).ToListAsync(ct);
        return agencies.Select(AgencyView.Of).ToList();
    }

    public static readonly IReadOnlyList<string> KindNames =
        ["customs", "border-police", "immigration", "partner-customs-abroad", "other-law-enforcement", "statistics-office", "trade-ministry"];

    public static string KindName(this AgencyKind kind) => kind == AgencyKind.ExerciseCell ? "exercise-cell" : KindNames[(int)kind];

    public static bool TryParseKind(string? text, out AgencyKind kind)
    {
        var normalised = (text ?? "").Trim().ToLowerInvariant();
        for (var i = 0; i < KindNames.Count; i++)
        {
            if (KindNames[i] == normalised || ((AgencyKind)i).ToString().Equals(normalised, StringComparison.OrdinalIgnoreCase))
            {
                kind = (AgencyKind)i;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
