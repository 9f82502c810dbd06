using System.Globalization;

namespace Cordon.Server.Ui;

/// <summary>
/// The one way pages show a moment: 24-hour clock with its zone, so that officers in different
/// places and partner agencies abroad read the same time ("2026-03-14 09:05 UTC"). The pattern is the
/// same in every language; it is rendered in the reader's culture (its calendar and digits).
/// </summary>
public static class Time
{
    public static string Format(DateTimeOffset at)
        => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.CurrentCulture);

    /// <summary>Null stays null, so a page can say what an absent time means ("never", "not yet").</summary>
    public static string? FormatOrNull(DateTimeOffset? at) => at is { } a ? Format(a) : null;

    public static string? PreciseOrNull(DateTimeOffset? at) => at is { } a ? Precise(a) : null;

    /// <summary>Only the clock, where the day is plain from the context (a timeline within one incident).</summary>
    public static string Clock(DateTimeOffset at)
        => at.ToUniversalTime().ToString("HH:mm 'UTC'", CultureInfo.CurrentCulture);

    public static string ClockPrecise(DateTimeOffset at)
        => at.ToUniversalTime().ToString("HH:mm:ss 'UTC'", CultureInfo.CurrentCulture);

    public static string? ClockOrNull(DateTimeOffset? at) => at is { } a ? Clock(a) : null;

    public static string? ClockPreciseOrNull(DateTimeOffset? at) => at is { } a ? ClockPrecise(a) : null;

    /// <summary>In a sentence of a legal document: "14 March 2026 at 09:05 UTC" (the document's language, English, whatever the reader's).</summary>
    public static string Long(DateTimeOffset at)
        => at.ToUniversalTime().ToString("d MMMM yyyy 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>To the second, where order within a minute matters (the audit log, access review).</summary>
    public static string Precise(DateTimeOffset at)
        => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.CurrentCulture);
}
