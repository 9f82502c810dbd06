namespace Cordon.Tests.Support;

/// <summary>The time tests give operations.</summary>
public static class TestClock
{
    /// <summary>
    /// The real time, for records written beside the demo data (seeded relative to now) and for the server's
    /// background work; a test using it asserts nothing that depends on the day it runs.
    /// </summary>
    public static DateTimeOffset Now => TimeProvider.System.GetUtcNow();
}
