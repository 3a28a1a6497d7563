package io.pgextra.hibernate.spring.injection.second;

import io.pgextra.hibernate.spring.PgExtraRepository;

import org.springframework.data.jpa.repository.JpaRepository;

public interface NoteRepository extends JpaRepository<Note, Long>, PgExtraRepository<Note, Long> {
}
