package io.pgextra.hibernate.spring.signals;

import io.pgextra.hibernate.spring.SignalReceiver;
import io.pgextra.hibernate.spring.internal.SignalReceiverRegistrar;
import io.pgextra.hibernate.spring.model.Item;
import io.pgextra.hibernate.spring.LogCapture;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A @SignalReceiver method that cannot take the signal fails the startup, naming the method and what it needs. */
class SignalReceiverSignatureTest {

	static class TwoParameters {
		@SignalReceiver(entity = Item.class)
		void received(Item item, String other) {
		}
	}

	static class WrongType {
		@SignalReceiver(entity = Item.class)
		void received(String sku) {
		}
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
			.withBean( SignalReceiverRegistrar.class );

	@Test
	void twoParameters() {
		refused( () -> runner.withBean( TwoParameters.class ).run( context -> assertThat( context ).getFailure()
				.rootCause().isInstanceOf( IllegalStateException.class )
				.hasMessageContaining( "@SignalReceiver method " + TwoParameters.class.getName() + ".received" )
				.hasMessageEndingWith( "it must take one parameter: SignalEvent<Item> or Item" ) ) );
	}

	@Test
	void wrongType() {
		refused( () -> runner.withBean( WrongType.class ).run( context -> assertThat( context ).getFailure()
				.rootCause().isInstanceOf( IllegalStateException.class )
				.hasMessageContaining( "takes [class java.lang.String]" ) ) );
	}

	/** Runs a context that must fail to start; Spring's WARN about it is asserted here, not left in the build log. */
	private static void refused(Runnable run) {
		try ( LogCapture log = LogCapture.of( "org.springframework.context" ) ) {
			run.run();
			assertThat( log.messages() ).singleElement().asString()
					.startsWith( "Exception encountered during context initialization - cancelling refresh attempt" );
		}
	}
}
