package io.pgextra.hibernate.internal.conflict;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictCondition;
import io.pgextra.hibernate.ConflictExpression;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.internal.PgExtraRuntime;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.type.BasicType;

/**
 * What every stage of one {@code INSERT ... ON CONFLICT} call shares: the session, the table, the catalog, what the
 * caller asked for, and how to name the table in a message. Immutable; built once per call.
 */
final class ConflictCall {

	/** A bind parameter: its value and, when known, the type it is bound with. */
	record Binding(Object value, BasicType<?> type) {
	}

	private record CatalogKey(String table) {
	}

	final SessionImplementor session;
	final TableModel model;
	/** The table's catalog facts, cached per factory; {@link #reloadCatalog()} reads them again. */
	TableCatalog catalog;
	final ConflictTarget target;
	final ConflictAction action;
	final List<String> updating;
	final Map<String, ConflictExpression> sets;
	final ConflictCondition where;
	final Dialect dialect;
	final PgExtraRuntime runtime;

	ConflictCall(SessionImplementor session, TableModel model, ConflictTarget target, ConflictAction action,
			List<String> updating, Map<String, ConflictExpression> sets, ConflictCondition where) {
		this.session = session;
		this.model = model;
		this.target = target;
		this.action = action;
		this.updating = updating;
		this.sets = sets;
		this.where = where;
		this.dialect = session.getFactory().getJdbcServices().getDialect();
		this.runtime = PgExtraRuntime.of( session.getFactory() );
		this.catalog = runtime.cached( new CatalogKey( model.table ), key -> TableCatalog.load( session, model.table ) );
	}

	/** Reads the table's catalog again (indexes or columns changed since it was cached) and caches it. */
	TableCatalog reloadCatalog() {
		runtime.forget( new CatalogKey( model.table ) );
		catalog = runtime.cached( new CatalogKey( model.table ), key -> TableCatalog.load( session, model.table ) );
		return catalog;
	}

	/** Drops the cached catalog: the next call reads it again. */
	void forgetCatalog() {
		runtime.forget( new CatalogKey( model.table ) );
	}

	/** Whether a conflicting row may be left alone (and must then be looked up): DO NOTHING, or DO UPDATE ... WHERE. */
	boolean mayLeaveAlone() {
		return action == ConflictAction.NOTHING || where != null;
	}

	String describe() {
		return ( model.isEntity() ? "entity '" : "collection table '" ) + model.displayName + "'";
	}

	/** The error for a target that no unique index of the table matches, as PostgreSQL's 42P10 says. */
	io.pgextra.hibernate.ConflictTargetException noMatchingIndex(Object key, Throwable cause) {
		return new io.pgextra.hibernate.ConflictTargetException( "No unique index or constraint of table " + model.table
				+ " matches the conflict target " + target + " of " + describe() + " (columns " + key + "); "
				+ catalog.describeUniqueIndexes() + ". Hint: the target must name exactly the columns"
				+ " or hstore keys of one unique index, with its WHERE predicate for a partial index", cause );
	}

	IllegalArgumentException unknownAttribute(String name, String where) {
		return new IllegalArgumentException( "Unknown " + ( model.isEntity() ? "attribute" : "column" ) + " '" + name
				+ "' in the " + where + " for " + describe() + "; valid names: " + model.attributeNames() );
	}
}
