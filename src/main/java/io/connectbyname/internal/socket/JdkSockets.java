package io.connectbyname.internal.socket;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodHandles.Lookup;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * The JDK's own socket implementation ({@code sun.nio.ch.NioSocketImpl}, what {@code new Socket()}
 * uses when no factory is installed), reached when {@code java.base} opens {@code sun.nio.ch} to
 * this library: the java agent opens it (with {@code Instrumentation.redefineModule}), an
 * application may with {@code --add-opens java.base/sun.nio.ch=io.connectbyname} (or
 * {@code =ALL-UNNAMED} on the class path). A by-name socket then hands its connected descriptor to
 * one, as {@code ServerSocket.accept} hands it a new connection, and every call after the connect
 * is the JDK's own code: streams, timeouts, interrupts on platform and virtual threads, close from
 * another thread, options.
 *
 * <p>Everything is looked up once, and checked: on a JDK whose implementation differs from the
 * one this was written against (17 to 25), nothing is used and {@link #whyNot()} says why.
 */
final class JdkSockets {
  private JdkSockets() {}

  /** Whether the JDK's socket implementation can be used. */
  static boolean available() {
    return Access.HANDLES != null;
  }

  /** Why it cannot, in one line; null when it can. */
  static String whyNot() {
    return Access.WHY_NOT;
  }

  /**
   * A JDK socket implementation that owns {@code channel}'s descriptor from now on: connected, as
   * the channel is, or unconnected (bound or not). The channel must be blocking, registered with no
   * selector, and never be used or closed again.
   */
  static SocketImpl adopt(SocketChannel channel, boolean connected) throws IOException {
    Handles h = Access.HANDLES;
    InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
    InetSocketAddress remote = connected ? (InetSocketAddress) channel.getRemoteAddress() : null;
    try {
      SocketImpl impl = (SocketImpl) h.newImpl.invokeExact(false);
      FileDescriptor fd = (FileDescriptor) h.getFd.invokeExact(channel);
      Runnable closer = (Runnable) h.closerFor.invokeExact(fd);
      Cleaner.Cleanable cleanable = h.cleaner != null ? h.cleaner.register(impl, closer) : once(closer);
      synchronized ((Object) h.stateLock.invokeExact(impl)) {
        h.setFd.invokeExact(impl, fd);
        if (h.setStream != null) {
          h.setStream.invokeExact(impl, true);
        }
        h.setCleaner.invokeExact(impl, cleanable);
        h.setLocalport.invokeExact(impl, local == null ? 0 : local.getPort());
        if (remote != null) {
          h.setAddress.invokeExact(impl, remote.getAddress());
          h.setPort.invokeExact(impl, remote.getPort());
        }
        h.setState.invokeExact(impl, remote != null ? h.connected : h.unconnected);
      }
      return impl;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e); // none of the handles throws a checked exception
    }
  }

  /** A new JDK socket implementation, created ({@code create(true)}): a descriptor of its own, as {@code new Socket()} makes. */
  static SocketImpl created() throws IOException {
    Handles h = Access.HANDLES;
    try {
      SocketImpl impl = (SocketImpl) h.newImpl.invokeExact(false);
      h.create.invokeExact(impl, true);
      return impl;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  /** A cleanable that runs {@code closer} once, for when the JDK's common cleaner is out of reach. */
  private static Cleaner.Cleanable once(Runnable closer) {
    return new Cleaner.Cleanable() {
      private boolean done;

      @Override
      public synchronized void clean() {
        if (!done) {
          done = true;
          closer.run();
        }
      }
    };
  }

  // ---- the protected SocketImpl methods of an adopted implementation ----

  static int localPort(SocketImpl impl) {
    try {
      return (int) Access.HANDLES.getLocalport.invokeExact(impl);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  static void connect(SocketImpl impl, SocketAddress remote, int millis) throws IOException {
    try {
      Access.HANDLES.connect.invokeExact(impl, remote, millis);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  static InputStream inputStream(SocketImpl impl) throws IOException {
    try {
      return (InputStream) Access.HANDLES.getInputStream.invokeExact(impl);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  static OutputStream outputStream(SocketImpl impl) throws IOException {
    try {
      return (OutputStream) Access.HANDLES.getOutputStream.invokeExact(impl);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  static int available(SocketImpl impl) throws IOException {
    try {
      return (int) Access.HANDLES.available.invokeExact(impl);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  static void close(SocketImpl impl) throws IOException {
    run(Access.HANDLES.close, impl);
  }

  static void shutdownInput(SocketImpl impl) throws IOException {
    run(Access.HANDLES.shutdownInput, impl);
  }

  static void shutdownOutput(SocketImpl impl) throws IOException {
    run(Access.HANDLES.shutdownOutput, impl);
  }

  static void sendUrgentData(SocketImpl impl, int data) throws IOException {
    try {
      Access.HANDLES.sendUrgentData.invokeExact(impl, data);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  static void setOption(SocketImpl impl, SocketOption<?> name, Object value) throws IOException {
    try {
      Access.HANDLES.setOption.invokeExact(impl, name, value);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  static Object getOption(SocketImpl impl, SocketOption<?> name) throws IOException {
    try {
      return (Object) Access.HANDLES.getOption.invokeExact(impl, name);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Set<SocketOption<?>> supportedOptions(SocketImpl impl) {
    try {
      return (Set<SocketOption<?>>) Access.HANDLES.supportedOptions.invokeExact(impl);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  private static void run(MethodHandle handle, SocketImpl impl) throws IOException {
    try {
      handle.invokeExact(impl);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  /** The method handles, each typed with {@code SocketImpl} where the JDK's class stands. */
  private record Handles(MethodHandle newImpl, MethodHandle getFd, MethodHandle closerFor, Cleaner cleaner,
      MethodHandle stateLock, MethodHandle setFd, MethodHandle setStream, MethodHandle setCleaner,
      MethodHandle setLocalport, MethodHandle getLocalport, MethodHandle setAddress, MethodHandle setPort, MethodHandle setState,
      int unconnected, int connected, MethodHandle create, MethodHandle connect, MethodHandle getInputStream,
      MethodHandle getOutputStream, MethodHandle available, MethodHandle close, MethodHandle shutdownInput,
      MethodHandle shutdownOutput, MethodHandle sendUrgentData, MethodHandle setOption, MethodHandle getOption,
      MethodHandle supportedOptions) {}

  private static final class Access {
    static final Handles HANDLES;
    static final String WHY_NOT;

    static {
      Handles handles = null;
      String why;
      try {
        handles = find();
        why = null;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        why = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      HANDLES = handles;
      WHY_NOT = handles == null ? why : null;
    }

    private static Handles find() throws ReflectiveOperationException {
      Module base = Object.class.getModule();
      Module self = JdkSockets.class.getModule();
      if (!base.isOpen("sun.nio.ch", self)) {
        throw new IllegalAccessException("java.base does not open sun.nio.ch to " + self);
      }
      Class<?> nsi = Class.forName("sun.nio.ch.NioSocketImpl");
      Class<?> sci = Class.forName("sun.nio.ch.SocketChannelImpl");
      Lookup in = MethodHandles.privateLookupIn(nsi, MethodHandles.lookup());
      Lookup channels = MethodHandles.privateLookupIn(sci, MethodHandles.lookup());

      MethodHandle closerFor;
      try {
        closerFor = MethodHandles.insertArguments(in.findStatic(nsi, "closerFor",
            MethodType.methodType(Runnable.class, FileDescriptor.class, boolean.class)), 1, true); // JDK 17-20
      } catch (NoSuchMethodException e) {
        closerFor = in.findStatic(nsi, "closerFor", MethodType.methodType(Runnable.class, FileDescriptor.class));
      }
      MethodHandle setStream;
      try {
        setStream = in.findSetter(nsi, "stream", boolean.class).asType(
            MethodType.methodType(void.class, SocketImpl.class, boolean.class)); // JDK 17-20
      } catch (NoSuchFieldException e) {
        setStream = null;
      }
      return new Handles(
          in.findConstructor(nsi, MethodType.methodType(void.class, boolean.class))
              .asType(MethodType.methodType(SocketImpl.class, boolean.class)),
          channels.findVirtual(sci, "getFD", MethodType.methodType(FileDescriptor.class))
              .asType(MethodType.methodType(FileDescriptor.class, SocketChannel.class)),
          closerFor,
          commonCleaner(),
          in.findGetter(nsi, "stateLock", Object.class).asType(MethodType.methodType(Object.class, SocketImpl.class)),
          setter(in, nsi, SocketImpl.class, "fd", FileDescriptor.class),
          setStream,
          setter(in, nsi, nsi, "cleaner", Cleaner.Cleanable.class),
          setter(in, nsi, SocketImpl.class, "localport", int.class),
          in.findGetter(SocketImpl.class, "localport", int.class).asType(MethodType.methodType(int.class, SocketImpl.class)),
          setter(in, nsi, SocketImpl.class, "address", java.net.InetAddress.class),
          setter(in, nsi, SocketImpl.class, "port", int.class),
          setter(in, nsi, nsi, "state", int.class),
          constant(in, nsi, "ST_UNCONNECTED"),
          constant(in, nsi, "ST_CONNECTED"),
          virtual(in, nsi, "create", void.class, boolean.class),
          virtual(in, nsi, "connect", void.class, SocketAddress.class, int.class),
          virtual(in, nsi, "getInputStream", InputStream.class),
          virtual(in, nsi, "getOutputStream", OutputStream.class),
          virtual(in, nsi, "available", int.class),
          virtual(in, nsi, "close", void.class),
          virtual(in, nsi, "shutdownInput", void.class),
          virtual(in, nsi, "shutdownOutput", void.class),
          virtual(in, nsi, "sendUrgentData", void.class, int.class),
          virtual(in, nsi, "setOption", void.class, SocketOption.class, Object.class),
          virtual(in, nsi, "getOption", Object.class, SocketOption.class),
          virtual(in, nsi, "supportedOptions", Set.class));
    }

    /** A setter of a field of the JDK's implementation, typed {@code (SocketImpl, type)void}. */
    private static MethodHandle setter(Lookup in, Class<?> nsi, Class<?> declaring, String name, Class<?> type)
        throws ReflectiveOperationException {
      return in.findSetter(declaring, name, type).asType(MethodType.methodType(void.class, SocketImpl.class, type));
    }

    /** A method of the JDK's implementation, typed with a {@code SocketImpl} receiver. */
    private static MethodHandle virtual(Lookup in, Class<?> nsi, String name, Class<?> returns, Class<?>... parameters)
        throws ReflectiveOperationException {
      MethodHandle h = in.findVirtual(nsi, name, MethodType.methodType(returns, parameters));
      return h.asType(h.type().changeParameterType(0, SocketImpl.class));
    }

    private static int constant(Lookup in, Class<?> nsi, String name) throws ReflectiveOperationException {
      try {
        return (int) in.findStaticGetter(nsi, name, int.class).invokeExact();
      } catch (ReflectiveOperationException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new AssertionError(e);
      }
    }

    /**
     * The JDK's common cleaner, which closes the descriptor of a socket that is collected unclosed,
     * as it does for the JDK's own; null when {@code jdk.internal.ref} is not exported to this
     * library (then only {@code close} releases it, as for an NIO channel).
     */
    private static Cleaner commonCleaner() {
      try {
        Class<?> factory = Class.forName("jdk.internal.ref.CleanerFactory");
        return (Cleaner) MethodHandles.lookup().findStatic(factory, "cleaner", MethodType.methodType(Cleaner.class))
            .invokeExact();
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        return null; // not exported to this library, or not there
      }
    }
  }
}
