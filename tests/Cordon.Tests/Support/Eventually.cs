using System.Diagnostics;

namespace Cordon.Tests.Support;

/// <summary>
/// The one way tests wait for something another thread, process or the server's background work does: ask again every
/// <c>every</c> (100 ms unless told) until the condition holds, and fail with <c>whyNot</c> once <c>within</c> has passed.
/// Measured with a <see cref="Stopwatch"/>, not the wall clock.
/// </summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> whyNot, TimeSpan? every = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > within)
            {
                Assert.Fail(whyNot());
            }
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan within, Func<string> whyNot, TimeSpan? every = null)
        => UntilAsync(() => Task.FromResult(condition()), within, whyNot, every);

    /// <summary>Waits until <paramref name="find"/> finds something, and returns it.</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> find, TimeSpan within, Func<string> whyNot, TimeSpan? every = null)
    {
        T? found = default;
        await UntilAsync(async () => (found = await find()) is not null, within, whyNot, every);
        return found!;
    }

    public static Task<T> FoundAsync<T>(Func<T?> find, TimeSpan within, Func<string> whyNot, TimeSpan? every = null)
        => FoundAsync(() => Task.FromResult(find()), within, whyNot, every);

    /// <summary>Waits until <paramref name="find"/> finds a value, and returns it.</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> find, TimeSpan within, Func<string> whyNot, TimeSpan? every = null) where T : struct
    {
        T? found = null;
        await UntilAsync(async () => (found = await find()) is not null, within, whyNot, every);
        return found!.Value;
    }

    public static Task<T> FoundAsync<T>(Func<T?> find, TimeSpan within, Func<string> whyNot, TimeSpan? every = null) where T : struct
        => FoundAsync(() => Task.FromResult(find()), within, whyNot, every);
}
