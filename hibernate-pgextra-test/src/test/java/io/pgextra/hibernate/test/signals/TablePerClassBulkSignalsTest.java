package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Document;
import io.pgextra.hibernate.test.signals.model.Invoice;
import io.pgextra.hibernate.test.signals.model.Memo;
import io.pgextra.hibernate.test.signals.model.UrgentMemo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bulk statements on a {@code TABLE_PER_CLASS} hierarchy: PostgreSQL cannot lock the rows of a {@code UNION}, so
 * the rows are selected and locked once per concrete table.
 */
class TablePerClassBulkSignalsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Document.class, Invoice.class, Memo.class,
			UrgentMemo.class );

	private final List<SignalConnection> connections = new ArrayList<>();

	private <T> Recorder<T> connect(Signal signal, Class<T> type) {
		Recorder<T> recorder = new Recorder<>();
		connections.add( Signals.of( db.emf() ).connect( signal, type, recorder ) );
		return recorder;
	}

	@BeforeEach
	void insert() {
		db.execute( "TRUNCATE invoice, memo, urgent_memo" );
		db.inTransaction( em -> {
			em.persist( new Invoice( 1L, "a", 5 ) );
			em.persist( new Invoice( 2L, "b", 50 ) );
			em.persist( new Memo( 3L, "a", "ann" ) );
			em.persist( new UrgentMemo( 4L, "a", "bob", 1 ) );
			em.persist( new UrgentMemo( 5L, "z", "bob", 2 ) );
		} );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	private static List<String> lockingSelects() {
		return db.sql().stream().filter( sql -> sql.toLowerCase().contains( "for no key update" ) ).toList();
	}

	@Test
	void deleteOfTheRootLocksEachConcreteTableAndSignalsEachRowWithItsClass() {
		Recorder<Document> deletes = connect( Signal.DELETE, Document.class );
		db.clearSql();
		int count = db.fromTransaction( em -> PgExtraEntityManager.of( em ).createQuery(
				"delete from Document d where d.title = 'a' or treat(d as Invoice).amount > 10" ).executeUpdate() );
		assertThat( count ).isEqualTo( 4 );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( 1L, 2L, 3L, 4L );
		assertThat( deletes.events() ).extracting( SignalEvent::entityClass )
				.containsExactlyInAnyOrder( Invoice.class, Invoice.class, Memo.class, UrgentMemo.class );
		// one select per concrete table, none of them a UNION (which PostgreSQL refuses to lock)
		assertThat( lockingSelects() ).hasSize( 3 ).noneMatch( sql -> sql.toLowerCase().contains( " union " ) );
		assertThat( db.count( "invoice" ) + db.count( "memo" ) + db.count( "urgent_memo" ) ).isEqualTo( 1 );
	}

	@Test
	void updateOfAConcreteClassWithASubclassSignalsItsRowsAndTheSubclassRows() {
		Recorder<Memo> updates = connect( Signal.UPDATE, Memo.class );
		int count = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.createQuery( "update Memo set author = 'cy' where title <> 'b'" ).executeUpdate() );
		assertThat( count ).isEqualTo( 3 );
		assertThat( updates.events() ).extracting( SignalEvent::entityClass )
				.containsExactlyInAnyOrder( Memo.class, UrgentMemo.class, UrgentMemo.class );
		assertThat( db.count( "memo WHERE author = 'cy'" ) + db.count( "urgent_memo WHERE author = 'cy'" ) ).isEqualTo( 3 );
	}

	@Test
	void aPendingPersistIsFlushedBeforeTheRowsAreLocked() {
		Recorder<Document> deletes = connect( Signal.DELETE, Document.class );
		int count = db.fromTransaction( em -> {
			em.persist( new UrgentMemo( 6L, "a", "dan", 3 ) );
			return PgExtraEntityManager.of( em ).createQuery( "delete from Document where title = 'a'" ).executeUpdate();
		} );
		assertThat( count ).isEqualTo( 4 );
		assertThat( deletes.ids() ).containsExactlyInAnyOrder( 1L, 3L, 4L, 6L );
		assertThat( db.count( "urgent_memo" ) ).isEqualTo( 1 );
	}
}
