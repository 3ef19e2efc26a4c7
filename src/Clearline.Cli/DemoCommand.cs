using System.CommandLine;

namespace Clearline.Cli;

internal static class DemoCommand
{
    public static Command Create()
    {
        var demo = new Command("demo", "a short walk through the matching engine on BTC-PERPETUAL");
        demo.SetAction(parse => 0);
        return demo;
    }
}
