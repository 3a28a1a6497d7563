package io.pgextra.hibernate.test.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Receiver;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Note;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One receiver connected to several signals (or all) in one call, disconnected with one connection. */
class SignalSetsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class );

	private final List<String> seen = Collections.synchronizedList( new ArrayList<>() );
	private final Receiver<Note> receiver = event -> seen.add( event.signal() + " " + event.id() );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE note, note_tag" );
	}

	private static Signals signals() {
		return Signals.of( db.emf() );
	}

	/** Create, update and delete one note; returns its id. */
	private static Long lifeOfANote() {
		Long id = db.fromTransaction( em -> {
			Note note = new Note( "n", "x" );
			em.persist( note );
			em.flush();
			return note.id;
		} );
		db.inTransaction( em -> em.find( Note.class, id ).text = "y" );
		db.inTransaction( em -> em.remove( em.find( Note.class, id ) ) );
		return id;
	}

	@Test
	void aSetOfSignalsIsOneConnection() {
		Long id;
		try ( SignalConnection connection = signals().connectAll( EnumSet.of( Signal.DELETE, Signal.CREATE ), Note.class, receiver ) ) {
			assertThat( connection.signals() ).containsExactly( Signal.CREATE, Signal.DELETE );
			assertThat( connection.signal() ).isEqualTo( Signal.CREATE );
			assertThat( connection.entityClass() ).isEqualTo( Note.class );
			assertThat( connection.delivery() ).isEqualTo( Delivery.IMMEDIATE );
			assertThat( connection.isConnected() ).isTrue();
			assertThat( signals().hasReceivers( Signal.UPDATE, Note.class ) ).isFalse();
			id = lifeOfANote();
		}
		assertThat( seen ).containsExactly( "CREATE " + id, "DELETE " + id );
		assertThat( signals().hasReceivers( Signal.CREATE, Note.class ) ).isFalse();
		assertThat( signals().hasReceivers( Signal.DELETE, Note.class ) ).isFalse();
		seen.clear();
		lifeOfANote();
		assertThat( seen ).isEmpty();
	}

	@Test
	void connectAllReceivesEverySignalUntilDisconnected() {
		SignalConnection connection = signals().connectAll( Note.class, Delivery.AFTER_COMMIT, receiver );
		assertThat( connection.signals() ).containsExactly( Signal.values() );
		Long id = lifeOfANote();
		assertThat( seen ).containsExactly( "CREATE " + id, "UPDATE " + id, "DELETE " + id );
		assertThat( connection.disconnect() ).isTrue();
		assertThat( connection.isConnected() ).isFalse();
		assertThat( connection.disconnect() ).isFalse();
		seen.clear();
		lifeOfANote();
		assertThat( seen ).isEmpty();
	}

	@Test
	void aSingleSignalSetIsAPlainConnection() {
		try ( SignalConnection connection = signals().connectAll( Set.of( Signal.UPDATE ), Note.class, receiver ) ) {
			assertThat( connection.signals() ).containsExactly( Signal.UPDATE );
			Long id = lifeOfANote();
			assertThat( seen ).containsExactly( "UPDATE " + id );
		}
	}

	@Test
	void anEmptySetIsRejectedWithAHint() {
		assertThatThrownBy( () -> signals().connectAll( Set.of(), Note.class, receiver ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( Note.class.getName() )
				.hasMessageContaining( "connectAll" );
		assertThat( signals().hasReceivers( Signal.CREATE, Note.class ) ).isFalse();
	}
}
