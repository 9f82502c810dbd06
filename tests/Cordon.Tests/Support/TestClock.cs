namespace Cordon.Tests.Support;

/// <summary>
/// The time tests give operations. The only place under tests/ that reads the real clock (ClockTests keeps it so):
/// a test either fixes the time (<see cref="Fixed"/>, a <see cref="ManualClock"/>) or, where the real time is needed, says so by using <see cref="Now"/>.
/// </summary>
public static class TestClock
{
    /// <summary>
    /// The real time, for records written beside the demo data (seeded relative to now) and for the server's
    /// background work; a test using it asserts nothing that depends on the day it runs.
    /// </summary>
    public static DateTimeOffset Now => Real.GetUtcNow();

    /// <summary>The real clock, for operations taking a <see cref="TimeProvider"/> whose records sit beside the demo data, as <see cref="Now"/>.</summary>
    public static TimeProvider Real => TimeProvider.System;

    /// <summary>The real time in whole seconds (PostgreSQL keeps microseconds, .NET ticks; a time that round-trips compares equal).</summary>
    public static DateTimeOffset NowInWholeSeconds => WholeSeconds(Now);

    /// <summary>
    /// A fixed instant for operations given their time: whole seconds, mid-morning, mid-month, mid-year, so a test using it
    /// neither depends on the day it runs nor sits on a day, month or year boundary. It lies in the past of the real clock,
    /// so records dated from it pass a store's "not in the future" checks; it does not suit records read beside the demo data.
    /// </summary>
    public static readonly DateTimeOffset Fixed = new(2026, 6, 17, 10, 30, 0, TimeSpan.Zero);

    /// <summary><paramref name="time"/> without its fraction of a second.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset time) => new(time.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, time.Offset);
}

/// <summary>A clock the test sets or moves by hand, for operations and services that take a <see cref="TimeProvider"/>.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
