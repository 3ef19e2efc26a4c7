namespace Clearline.Domain;

public enum Side : byte
{
    Buy = 0,
    Sell = 1,
}

public static class SideExtensions
{
    public static Side Opposite(this Side side) => side == Side.Buy ? Side.Sell : Side.Buy;
}
