using System;
using System.Net.Sockets;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Http
{
    /// <summary>Tells faults that prove a request never reached the server from those whose outcome is unknown.</summary>
    public static class TransientFaults
    {
        public static bool FailedBeforeSending(Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.NoData:
                        case SocketError.TryAgain:
                        case SocketError.NetworkUnreachable:
                        case SocketError.HostUnreachable:
                        case SocketError.AddressNotAvailable:
                            return true;
                    }
                }
            }
            return false;
        }

        public static string Describe(Exception ex)
        {
            var innermost = ex;
            while (innermost.InnerException != null) innermost = innermost.InnerException;
            var text = innermost == ex ? ex.Message : ex.Message + " " + innermost.Message;
            return SecretRedactor.Redact(text.Trim());
        }
    }
}
