package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.pgextra.hibernate.internal.signals.BulkSignalsSettingContributor;
import io.pgextra.hibernate.internal.signals.BulkSignalsTranslatorFactory;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Car;
import io.pgextra.hibernate.test.signals.model.Membership;
import io.pgextra.hibernate.test.signals.model.Note;
import io.pgextra.hibernate.test.signals.model.Vehicle;

import org.hibernate.SessionFactory;
import org.hibernate.SharedSessionContract;
import org.hibernate.cfg.QuerySettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.sqm.sql.StandardSqmTranslatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With no receiver connected for its rows, a bulk statement runs exactly Hibernate's SQL: compared with the SQL log
 * of a factory on the same schema booted without any of hibernate-pgextra's services. Also: a translator factory the
 * user set is still used, and a factory whose hooks are missing says so at the first {@code Signals.of}.
 */
class BulkSignalsPlainHibernateTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class, Vehicle.class, Car.class, Membership.class );

	private static final List<String> plainSql = Collections.synchronizedList( new ArrayList<>() );
	private static SessionFactory plain;

	private final List<SignalConnection> connections = new ArrayList<>();

	@BeforeAll
	static void bootPlainHibernate() {
		plain = SideFactory.build( db, SideFactory::notPgExtra, plainSql, Map.of(), Note.class, Vehicle.class,
				Car.class, Membership.class );
		assertThat( plain.unwrap( SessionFactoryImplementor.class ).getQueryEngine().getSqmTranslatorFactory() )
				.isInstanceOf( StandardSqmTranslatorFactory.class );
		assertThat( db.sessionFactory().unwrap( SessionFactoryImplementor.class ).getQueryEngine()
				.getSqmTranslatorFactory() ).isInstanceOf( BulkSignalsTranslatorFactory.class );
	}

	@AfterAll
	static void closePlainHibernate() {
		plain.close();
	}

	@BeforeEach
	void data() {
		db.execute( "TRUNCATE note, note_tag, car, vehicle, membership" );
		db.execute( "INSERT INTO note (id, name, text, hits) VALUES (101, 'a', 'even', 0), (102, 'b', 'odd', 0)" );
		db.execute( "INSERT INTO note_tag (note_id, tag) VALUES (102, 't')" );
		db.execute( "INSERT INTO vehicle (id, plate, mileage) VALUES (1, 'A-1', 0), (2, 'C-2', 0)" );
		db.execute( "INSERT INTO car (id, doors) VALUES (2, 4)" );
		db.execute( "INSERT INTO membership (groupId, userId, role) VALUES (1, 10, 'user')" );
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
		connections.clear();
	}

	/** The statements, each through a Session and a StatelessSession; rolled back, so each sees the same rows. */
	private static List<String> run(SessionFactory factory, Runnable clear, Supplier<List<String>> log) {
		List<Consumer<SharedSessionContract>> statements = List.of(
				s -> s.createMutationQuery( "update Note set hits = hits + 1 where text = :t" ).setParameter( "t", "odd" )
						.executeUpdate(),
				s -> s.createMutationQuery( "update Note set hits = 2 where id in :ids" ).setParameter( "ids", List.of( 101L, 102L ) )
						.executeUpdate(),
				s -> s.createMutationQuery( "delete from Note where text = 'odd'" ).executeUpdate(),
				s -> s.createMutationQuery( "update Vehicle set mileage = 1 where plate like 'C%'" ).executeUpdate(),
				s -> s.createMutationQuery( "delete from Car where doors = 4" ).executeUpdate(),
				s -> s.createMutationQuery( "delete from Membership m where m.key.groupId = 1" ).executeUpdate(),
				s -> s.createMutationQuery( "insert into Note (name, text, hits) values ('new', 'even', 0)" ).executeUpdate(),
				s -> s.createNativeQuery( "update note set hits = 5", Object.class ).executeUpdate() );
		List<String> sql = new ArrayList<>();
		for ( Consumer<SharedSessionContract> statement : statements ) {
			clear.run();
			inRolledBackTransaction( factory, true, statement );
			inRolledBackTransaction( factory, false, statement );
			sql.addAll( log.get() );
		}
		return sql;
	}

	private static void inRolledBackTransaction(SessionFactory factory, boolean stateless,
			Consumer<SharedSessionContract> work) {
		try ( SharedSessionContract session = stateless ? factory.openStatelessSession() : factory.openSession() ) {
			session.getTransaction().begin();
			try {
				work.accept( session );
			}
			finally {
				session.getTransaction().rollback();
			}
		}
	}

	private List<String> plainHibernate() {
		return run( plain, plainSql::clear, () -> List.copyOf( plainSql ) );
	}

	private List<String> ours() {
		return run( db.sessionFactory(), db::clearSql, db::sql );
	}

	@Test
	void withoutReceiversEveryStatementIsHibernatesSql() {
		List<String> expected = plainHibernate();
		assertThat( expected ).hasSizeGreaterThanOrEqualTo( 16 ).noneMatch( sql -> sql.contains( "for no key update" ) );
		assertThat( ours() ).isEqualTo( expected );
	}

	@Test
	void receiversForOtherEntitiesOrSignalsLeaveTheSqlAsHibernates() {
		Signals signals = Signals.of( db.emf() );
		Recorder<Object> other = new Recorder<>();
		// CREATE of Note (HQL insert and native SQL are not signalled), CREATE of Vehicle, UPDATE of Membership (it
		// is only deleted)
		connections.add( signals.connect( Signal.CREATE, Note.class, event -> other.receive( cast( event ) ) ) );
		connections.add( signals.connect( Signal.CREATE, Vehicle.class, event -> other.receive( cast( event ) ) ) );
		connections.add( signals.connect( Signal.UPDATE, Membership.class, event -> other.receive( cast( event ) ) ) );
		assertThat( ours() ).isEqualTo( plainHibernate() );
		assertThat( other.events() ).isEmpty();

		// and the other way round: with receivers for every signal of these entities, all but native SQL and HQL
		// insert differ
		connections.add( signals.connect( Signal.UPDATE, Object.class, event -> other.receive( cast( event ) ) ) );
		connections.add( signals.connect( Signal.DELETE, Object.class, event -> other.receive( cast( event ) ) ) );
		List<String> signalled = ours();
		assertThat( signalled.stream().filter( sql -> sql.endsWith( "for no key update of n1_0" ) ) ).hasSize( 6 );
		assertThat( other.events() ).hasSize( 2 * ( 1 + 2 + 1 + 1 + 1 + 1 ) );
	}

	@SuppressWarnings("unchecked")
	private static SignalEvent<Object> cast(SignalEvent<?> event) {
		return (SignalEvent<Object>) event;
	}

	@Test
	void theSameStatementIsPlainSignalledAndPlainAgainAsAReceiverComesAndGoes() {
		String hql = "update Note set hits = hits + 1 where text = 'odd'";
		Recorder<Note> updates = new Recorder<>();
		db.clearSql();
		db.sessionFactory().inTransaction( s -> s.createMutationQuery( hql ).executeUpdate() );
		List<String> before = db.sql();
		SignalConnection connection = Signals.of( db.emf() ).connect( Signal.UPDATE, Note.class, updates );
		db.clearSql();
		db.sessionFactory().inTransaction( s -> s.createMutationQuery( hql ).executeUpdate() );
		assertThat( db.sql() ).hasSize( 2 ).last().asString().endsWith( "= any (?)" );
		assertThat( updates.ids() ).containsExactly( 102L );
		connection.close();
		db.clearSql();
		db.sessionFactory().inTransaction( s -> s.createMutationQuery( hql ).executeUpdate() );
		assertThat( db.sql() ).isEqualTo( before ).singleElement().asString().doesNotContain( "any" );
		assertThat( updates.events() ).hasSize( 1 );
	}

	@Test
	void aTranslatorFactoryTheUserSetStillTranslatesAndStatementsAreSignalled() {
		try ( SessionFactory factory = SideFactory.build( db, service -> true, new ArrayList<>(),
				Map.of( QuerySettings.SEMANTIC_QUERY_TRANSLATOR, CountingTranslatorFactory.class.getName() ),
				Note.class, Vehicle.class, Car.class, Membership.class ) ) {
			Recorder<Note> deletes = new Recorder<>();
			Signals.of( factory ).connect( Signal.DELETE, Note.class, deletes );
			assertThat( factory.<Integer>fromTransaction( s -> s.createMutationQuery( "delete from Note where text = 'odd'" )
					.executeUpdate() ) ).isEqualTo( 1 );
			assertThat( deletes.ids() ).containsExactly( 102L );
			BulkSignalsTranslatorFactory ours = (BulkSignalsTranslatorFactory) factory
					.unwrap( SessionFactoryImplementor.class ).getQueryEngine().getSqmTranslatorFactory();
			assertThat( ours.delegate() ).isInstanceOf( CountingTranslatorFactory.class );
			// the delete and the select that locked its rows
			assertThat( ( (CountingTranslatorFactory) ours.delegate() ).mutations ).hasValue( 1 );
			assertThat( ( (CountingTranslatorFactory) ours.delegate() ).selects ).hasValue( 1 );
		}
	}

	@Test
	void aFactoryWithoutTheTranslatorFactorySaysSoAtTheFirstConnect() {
		try ( SessionFactory factory = SideFactory.build( db,
				service -> !( service instanceof BulkSignalsSettingContributor ), new ArrayList<>(), Map.of(),
				Note.class ) ) {
			assertThatThrownBy( () -> Signals.of( factory ).connect( Signal.UPDATE, Note.class, event -> {
			} ) ).isInstanceOf( IllegalStateException.class )
					.hasMessageContaining( "cannot signal the bulk update and delete statements" )
					.hasMessageContaining( StandardSqmTranslatorFactory.class.getName() )
					.hasMessageContaining( "hibernate.query.sqm.translator" )
					.hasMessageContaining( "META-INF/services" )
					// what a Quarkus application sets (hibernate-pgextra-quarkus-it does)
					.hasMessageContaining( "quarkus.hibernate-orm.unsupported-properties.\"hibernate.query.sqm.translator\"="
							+ "io.pgextra.hibernate.internal.signals.BulkSignalsTranslatorFactory" );
		}
	}
}
