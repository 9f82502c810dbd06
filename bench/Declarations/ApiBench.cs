namespace Cordon.Bench.Declarations;

internal static class ApiBench
{
    public static Task<int> RunAsync(string store, int requests, int concurrency) => Task.FromResult(2);
    public static Task<int> ServeAsync(string store, string connection, int port) => Task.FromResult(2);
    public static Task<int> LoadAsync(string url, string key, int requests, int concurrency) => Task.FromResult(2);
}
