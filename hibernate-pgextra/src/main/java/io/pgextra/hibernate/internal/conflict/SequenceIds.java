package io.pgextra.hibernate.internal.conflict;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.generator.Generator;
import org.hibernate.id.IdentifierGeneratorHelper;
import org.hibernate.id.IntegralDataTypeHolder;
import org.hibernate.id.enhanced.AccessCallback;
import org.hibernate.id.enhanced.Optimizer;
import org.hibernate.id.enhanced.SequenceStyleGenerator;

/**
 * The generated ids of a bulk call, with the sequence values they need fetched in one round trip.
 * <p>
 * Hibernate's {@link SequenceStyleGenerator} asks its sequence once per id ({@code allocationSize = 1}) or once per
 * block of ids (the pooled optimizers, e.g. JPA's default of 50): one round trip each, 100,000 of them for 100,000
 * rows of an entity with {@code allocationSize = 1}. Here the values the call's rows will need are fetched with one
 * {@code SELECT nextval(...) FROM generate_series(1, ?)} and handed to the generator's own optimizer, so ids are
 * what the generator would have produced (the optimizer's state, shared with {@code persist}, stays consistent).
 * Values fetched but not used (the optimizer had ids left in its current block) are skipped, as a rollback skips
 * them; when the optimizer needs more than was fetched it asks the sequence itself, as it would have.
 */
final class SequenceIds {

	private final SessionImplementor session;
	private final Optimizer optimizer;
	private final Class<?> numberType;
	private final String nextValueSql;
	private final long[] values;
	private int used;

	private SequenceIds(SessionImplementor session, SequenceStyleGenerator generator, Class<?> numberType,
			long[] values) {
		this.session = session;
		this.optimizer = generator.getOptimizer();
		this.numberType = numberType;
		this.nextValueSql = "SELECT " + fragment( session, generator );
		this.values = values;
	}

	/**
	 * @param rows how many ids the call will generate
	 * @return the ids of the call, or {@code null} when the generator is not Hibernate's sequence generator on a
	 * sequence, or one round trip would fetch nothing more than the generator fetches itself
	 */
	static SequenceIds prefetch(SessionImplementor session, Generator generator, Class<?> numberType, int rows) {
		// exactly Hibernate's class: a subclass may generate otherwise
		if ( generator == null || generator.getClass() != SequenceStyleGenerator.class ) {
			return null;
		}
		SequenceStyleGenerator sequence = (SequenceStyleGenerator) generator;
		if ( !sequence.getDatabaseStructure().isPhysicalSequence() ) {
			return null;
		}
		try {
			IdentifierGeneratorHelper.getIntegralDataTypeHolder( numberType );
		}
		catch (RuntimeException notIntegral) {
			// an id type the holders do not cover: the generator itself reports it, as it would have
			return null;
		}
		int increment = Math.max( 1, sequence.getOptimizer().getIncrementSize() );
		int needed = (int) ( ( (long) rows + increment - 1 ) / increment );
		// a pooled optimizer's very first value starts a block of one id (the sequence's initial value): that first
		// call of a factory asks the sequence once more itself; with ids left in its current block, one fetched value
		// may stay unused (a gap of one block, as after a rollback)
		if ( needed < 2 ) {
			return null;
		}
		String sql = "SELECT " + fragment( session, sequence ) + " FROM generate_series(1, ?)";
		return new SequenceIds( session, sequence, numberType, fetch( session, sql, needed ) );
	}

	/** @return the next id, as the generator would have returned it */
	Object next() {
		return optimizer.generate( new AccessCallback() {
			@Override
			public IntegralDataTypeHolder getNextValue() {
				IntegralDataTypeHolder holder = IdentifierGeneratorHelper.getIntegralDataTypeHolder( numberType );
				if ( used < values.length ) {
					return holder.initialize( values[used++] );
				}
				// the optimizer needs more than was fetched (another session took ids of its block meanwhile)
				return holder.initialize( fetch( session, nextValueSql, 0 )[0] );
			}

			@Override
			@SuppressWarnings("deprecation") // what Hibernate's own SequenceStructure returns
			public String getTenantIdentifier() {
				return session.getTenantIdentifier();
			}
		} );
	}

	private static String fragment(SessionImplementor session, SequenceStyleGenerator generator) {
		return generator.determineBulkInsertionIdentifierGenerationSelectFragment(
				session.getFactory().getSqlStringGenerationContext() );
	}

	/**
	 * Through Hibernate's JDBC layer, as its {@code SequenceStructure} does: logged, inspected, counted, converted.
	 *
	 * @param count how many values, bound as {@code generate_series}' end; {@code 0}: one value, the SQL has no
	 * parameter
	 * @return the values in ascending order
	 */
	private static long[] fetch(SessionImplementor session, String sql, int count) {
		JdbcCoordinator jdbc = session.getJdbcCoordinator();
		try {
			PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement( sql );
			try {
				if ( count > 0 ) {
					statement.setInt( 1, count );
				}
				ResultSet resultSet = jdbc.getResultSetReturn().extract( statement, sql );
				try {
					long[] values = new long[Math.max( 1, count )];
					int n = 0;
					while ( resultSet.next() && n < values.length ) {
						values[n++] = resultSet.getLong( 1 );
					}
					if ( n != values.length ) {
						throw new IllegalStateException( "The sequence returned " + n + " values for " + values.length
								+ " requested (" + sql + ")" );
					}
					Arrays.sort( values );
					return values;
				}
				finally {
					jdbc.getLogicalConnection().getResourceRegistry().release( resultSet, statement );
				}
			}
			finally {
				jdbc.getLogicalConnection().getResourceRegistry().release( statement );
				jdbc.afterStatementExecution();
			}
		}
		catch (SQLException e) {
			throw session.getJdbcServices().getSqlExceptionHelper().convert( e, "could not get next sequence values", sql );
		}
	}
}
