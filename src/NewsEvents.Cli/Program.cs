namespace NewsEvents.Cli;

// Not top-level statements: their generated Program class would clash, in the tests that see this assembly's
// internals, with the API's public Program.
internal static class EntryPoint
{
    public static Task<int> Main(string[] args) => CommandLine.RunAsync(args);
}
