using Clearline.Domain.Orders;

namespace Clearline.Sequencing.Codecs;

/// <summary>Receives a decoded command. Passed as a generic struct, so decoding straight into the engine costs no allocation or virtual call.</summary>
public interface ICommandVisitor
{
    void NewOrder(in NewOrder command);

    void AmendOrder(in AmendOrder command);

    void CancelOrder(in CancelOrder command);

    void CancelAllOrders(in CancelAllOrders command);
}
