package io.pgextra.hibernate.spring;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * What one logger writes while a test provokes it on purpose (a failing receiver, a refused context), kept out of
 * the build log (the logger stops passing events to its parents) and given to the test to assert on. Spring Boot's
 * tests log through Logback.
 * <pre>{@code
 * try ( LogCapture log = LogCapture.of( "io.pgextra.hibernate.spring.internal.MethodReceiver" ) ) {
 *     ... // provoke it
 *     assertThat( log.messages() ).singleElement().asString().contains( "..." );
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

	private final Logger logger;
	private final boolean additive;
	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private LogCapture(String name) {
		logger = (Logger) LoggerFactory.getLogger( name );
		additive = logger.isAdditive();
		appender.setContext( logger.getLoggerContext() );
		appender.start();
		logger.addAppender( appender );
		logger.setAdditive( false );
	}

	/** @return a capture of the logger of this name (and its children) */
	public static LogCapture of(String loggerName) {
		return new LogCapture( loggerName );
	}

	/** @return the events logged since {@link #of(String)}, in order */
	public List<ILoggingEvent> events() {
		synchronized ( appender.list ) {
			return List.copyOf( appender.list );
		}
	}

	/** @return the formatted messages of {@link #events()} */
	public List<String> messages() {
		return events().stream().map( ILoggingEvent::getFormattedMessage ).toList();
	}

	/** Detaches the capture; the logger logs as before. */
	@Override
	public void close() {
		logger.detachAppender( appender );
		logger.setAdditive( additive );
		appender.stop();
	}
}
