package io.apo4j.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs the {@code @Test} and {@code @TestFactory} methods of a contract subclass directly (a fresh
 * instance per method, as JUnit does), to see which fail. The contracts use no other lifecycle
 * features, so this is enough, and it keeps the JUnit launcher off the test module path.
 */
public final class ContractRunner {
  private ContractRunner() {}

  /** Display names of the failed tests: {@code method()} or a dynamic test's name. */
  public static Set<String> failedTests(Class<?> suite) {
    Set<String> failed = new TreeSet<>();
    int ran = 0;
    for (Method m : suite.getMethods()) {
      if (m.isAnnotationPresent(Test.class)) {
        ran++;
        if (!passes(() -> m.invoke(newInstance(suite)))) {
          failed.add(m.getName() + "()");
        }
      } else if (m.isAnnotationPresent(TestFactory.class)) {
        Stream<?> tests;
        try {
          tests = (Stream<?>) m.invoke(newInstance(suite));
        } catch (InvocationTargetException e) {
          if (!(e.getCause() instanceof TestAbortedException)) {
            failed.add(m.getName() + "()");
          }
          continue;
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
        for (Object t : tests.toList()) {
          DynamicTest test = (DynamicTest) t;
          ran++;
          if (!passes(() -> {
            test.getExecutable().execute();
            return null;
          })) {
            failed.add(test.getDisplayName());
          }
        }
      }
    }
    if (ran == 0) {
      throw new AssertionError(suite.getName() + ": no test ran");
    }
    return failed;
  }

  private interface Body {
    Object run() throws Throwable;
  }

  private static boolean passes(Body body) {
    try {
      body.run();
      return true;
    } catch (InvocationTargetException e) {
      return e.getCause() instanceof TestAbortedException;
    } catch (TestAbortedException e) {
      return true;
    } catch (Throwable e) {
      return false;
    }
  }

  private static Object newInstance(Class<?> suite) throws ReflectiveOperationException {
    var constructor = suite.getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }
}
